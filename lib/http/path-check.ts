import { problem } from "@/lib/api/problem";
import { hasUnsafeText } from "@/lib/validation/text";

/**
 * Malformed percent-encoding in the URL path (R-SEC-BAD-INPUT). Next decodes dynamic segments
 * (`[org]`, `[id]`, …) itself and answers 500 with an empty log when one does not decode
 * (`/acme/catalog/%zz`, `/api/v1/key-requests/%zz/approve`). `checkPathEncoding` runs in
 * proxy.ts, before routing, and answers 400 instead; a segment that decodes to a control
 * character (`%00`) is refused the same way. Pages and handlers still validate their params.
 */

/** The first segment of the raw path that does not decode to clean text, or null. */
export function badPathSegment(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return segment;
    }
    if (hasUnsafeText(decoded)) return segment;
  }
  return null;
}

const MESSAGE = "The address is not valid: it holds broken percent-encoding or control characters.";

/** For proxy.ts: a 400 Response for a path that cannot be decoded cleanly, else null. */
export function checkPathEncoding(request: Request): Response | null {
  // request.url keeps the path as sent: the URL parser leaves %-escapes (even broken ones) alone.
  const pathname = new URL(request.url).pathname;
  if (badPathSegment(pathname) === null) return null;
  // The management API answers RFC 9457 problem details (lib/api/problem.ts).
  if (pathname.startsWith("/api/v1/")) return problem("invalid_request", MESSAGE);
  if (pathname === "/api" || pathname.startsWith("/api/"))
    return Response.json(
      { error: { code: "invalid_request", message: MESSAGE } },
      { status: 400, headers: { "content-type": "application/problem+json" } },
    );
  return new Response(`${MESSAGE}\n`, {
    status: 400,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
