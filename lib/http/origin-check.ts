/**
 * Cross-origin server action POSTs (R-SEC-BAD-INPUT). Next 16 refuses them itself (CSRF: the
 * Origin host must equal X-Forwarded-Host, else Host) but answers 500. `checkActionOrigin` runs
 * in proxy.ts, applies the same rule first and answers 403 with a message. It is not the CSRF
 * defence (Next's check stays on), only a clean answer for what Next would refuse anyway.
 */

/** What Next compares the Origin with: the first X-Forwarded-Host, else Host. */
function requestHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host");
}

function originHost(origin: string): string | null {
  if (origin === "null") return "null";
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** POSTs Next may treat as a server action: fetch actions and form posts to pages. */
function isPossibleServerAction(request: Request, pathname: string): boolean {
  if (request.method.toUpperCase() !== "POST") return false;
  if (pathname === "/api" || pathname.startsWith("/api/")) return false;
  if (request.headers.has("next-action")) return true;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  return (
    type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")
  );
}

/**
 * For proxy.ts: a 403 Response for a server action POST whose Origin names another host, else
 * null. No Origin header: let through, as Next does (not a browser's cross-site request).
 * `allowedOrigins` mirrors experimental.serverActions.allowedOrigins (exact hosts) if ever set.
 */
export function checkActionOrigin(
  request: Request,
  allowedOrigins: readonly string[] = [],
): Response | null {
  const pathname = new URL(request.url).pathname;
  if (!isPossibleServerAction(request, pathname)) return null;
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const from = originHost(origin);
  const host = requestHost(request.headers);
  if (from !== null && host !== null && (from === host || allowedOrigins.includes(from)))
    return null;
  return new Response("This form was sent from another site and was refused.\n", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
