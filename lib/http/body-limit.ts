import { problem } from "@/lib/api/problem";

/**
 * Request body limits (R-SEC-BAD-INPUT). Next refuses a server action body over its limit
 * (experimental.serverActions.bodySizeLimit, 1 MB by default) with a 413 inside, but answers the
 * client 500; `checkBodySize` runs in proxy.ts, before Next reads the body, and answers a clean
 * 413 for anything announced as larger. Route handlers read their bodies with `readBodyCapped`.
 */

export const KB = 1024;
export const MB = 1024 * KB;
/** Next's default server action limit: forms are refused here first, with a message. */
export const FORM_BODY_LIMIT = 1 * MB;
/** Management API and next-auth bodies are small JSON or form documents. */
export const API_BODY_LIMIT = 64 * KB;

/** Paths with their own limit (the gateway's usage batches: 5 MB, lib/gateway/http.ts). */
const OWN_LIMIT_PREFIXES = ["/api/gateway/"];

const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The limit for a path, or null when its route handler enforces its own. */
export function bodyLimitFor(pathname: string): number | null {
  if (OWN_LIMIT_PREFIXES.some((p) => pathname.startsWith(p))) return null;
  return pathname === "/api" || pathname.startsWith("/api/") ? API_BODY_LIMIT : FORM_BODY_LIMIT;
}

function describe(bytes: number): string {
  return bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`;
}

/** The 413 answer: problem JSON under /api, a short plain-text page for forms. */
export function payloadTooLarge(pathname: string, limit: number): Response {
  const message = `The request body is too large: at most ${describe(limit)}.`;
  // The management API answers RFC 9457 problem details (lib/api/problem.ts).
  if (pathname.startsWith("/api/v1/")) return problem("payload_too_large", message);
  if (pathname === "/api" || pathname.startsWith("/api/"))
    return Response.json(
      { error: { code: "payload_too_large", message } },
      { status: 413, headers: { "content-type": "application/problem+json" } },
    );
  return new Response(`${message} Shorten what you typed and send the form again.\n`, {
    status: 413,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/**
 * For proxy.ts: a 413 Response when the request announces (Content-Length) a body over the
 * limit of its path, else null (let the request through). Bodies without a length (chunked) are
 * left to Next and the route handlers, which count what they read.
 */
export function checkBodySize(request: Request): Response | null {
  if (!WITH_BODY.has(request.method.toUpperCase())) return null;
  const pathname = new URL(request.url).pathname;
  const limit = bodyLimitFor(pathname);
  const length = Number(request.headers.get("content-length") ?? "");
  if (limit === null || !Number.isFinite(length) || length <= limit) return null;
  return payloadTooLarge(pathname, limit);
}

export type CappedBody =
  { ok: true; text: string } | { ok: false; reason: "too_large" | "invalid_utf8" };

/**
 * Reads a request body as UTF-8 text, stopping as soon as it passes `maxBytes` (a lying or
 * missing Content-Length costs at most that much memory). Invalid UTF-8 is refused, not replaced.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<CappedBody> {
  const announced = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(announced) && announced > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "too_large" };
  }
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: "invalid_utf8" };
  }
}
