/**
 * R-SEC-HEADERS: the headers every response carries. Pure, so proxy.ts, the standalone verifier
 * and tests share one definition.
 */

/** Paths whose URL holds a secret (reset, invitation, verification, Generate key, email change, "This wasn't me" links). */
const TOKEN_PATH =
  /^\/[^/]+\/(?:reset|invite|verify|keys\/generate|confirm-email|security)\/[^/]+\/?$/;

export function isTokenPath(pathname: string): boolean {
  return TOKEN_PATH.test(pathname);
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page policy: scripts only from this origin with the request's nonce ('strict-dynamic' lets
 * Next's nonce'd loader pull its chunks); no plugins, no framing, no foreign form targets.
 * Styles allow inline attributes: charts and dialogs position elements with `style=""`, which a
 * nonce cannot cover; a style cannot run code.
 */
export function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Gravatar avatars and organisation logos are https images; data: for inline icons.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    // The Mailbox shows email HTML in a sandboxed srcdoc frame; nothing else is framed.
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** JSON and other non-page responses: nothing may load, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export function securityHeaders(opts: {
  pathname: string;
  csp: string;
  https: boolean;
}): Record<string, string> {
  return {
    "content-security-policy": opts.csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    // A token in the URL must not travel to another site (or even another page) in Referer.
    "referrer-policy": isTokenPath(opts.pathname)
      ? "no-referrer"
      : "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
    ...(opts.https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
