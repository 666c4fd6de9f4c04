import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { checkRequest } from "@/lib/http/check-request";
import { API_CSP, newNonce, pageCsp, securityHeaders } from "@/lib/http/security-headers";

/**
 * Every response's security headers (R-SEC-HEADERS), with a fresh CSP nonce per page request:
 * Next reads the nonce from the request's Content-Security-Policy header and puts it on its own
 * scripts. This is not an authorization boundary: every page, action and route checks itself.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const e = env();
  // Malformed requests (broken %-encoding, cross-origin actions, oversized bodies) get a clear
  // 4xx here, before Next could turn them into a 500 (R-SEC-BAD-INPUT).
  const refused = checkRequest(request);
  const https =
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ||
    Boolean(e.APP_URL?.startsWith("https:"));
  const isApi = pathname.startsWith("/api/");
  const nonce = isApi ? null : newNonce();
  const csp = nonce ? pageCsp(nonce, { dev: e.NODE_ENV === "development", https }) : API_CSP;

  if (refused) {
    const response = new NextResponse(refused.body, refused);
    for (const [name, value] of Object.entries(
      securityHeaders({ pathname: "/", csp: API_CSP, https }),
    ))
      response.headers.set(name, value);
    return response;
  }

  const requestHeaders = new Headers(request.headers);
  if (nonce) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(securityHeaders({ pathname, csp, https })))
    response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but build assets and the gateway's four routes (their headers come from
  // next.config.ts; those routes cap their own bodies and answer problem JSON for bad input).
  // Any other path under /api/gateway/ — unknown, or with broken %-encoding — still comes here.
  matcher: [
    { source: "/((?!_next/static|_next/image|api/gateway/(?:auth|verify|usage|health)$).*)" },
  ],
};
