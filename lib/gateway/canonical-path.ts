/**
 * R-SEC-GW-PATH: the path the gateway judges is the path NGINX routes on.
 *
 * NGINX (ngx_http_parse_complex_uri) decodes every %XX once — %2F becomes a real `/` and %2E a
 * real `.` — then resolves dot segments and merges slashes before it picks a `location`. It
 * proxies to that location's upstream. So `/weather/..%2Fpayments/x` reaches the Payments
 * upstream, and Gatehouse must judge it as Payments. We apply the same steps, and refuse
 * (never guess) where an upstream could read the path differently from NGINX:
 * - anything still percent-encoded after one decoding (`%252F`): an upstream may decode again;
 * - a backslash: NGINX keeps it, Windows-style upstreams treat it as `/`;
 * - `..;x` / `.;x` segments: NGINX keeps them, servlet containers strip `;x` and climb;
 * - bytes that are not UTF-8 (overlong `%c0%ae`), control characters, `..` above the root,
 *   and broken `%` escapes (NGINX itself answers 400 to those).
 */

export type CanonicalPath = { ok: true; path: string } | { ok: false; reason: string };

const HEX = /^[0-9a-fA-F]{2}$/;
const STILL_ENCODED = /%[0-9a-fA-F]{2}/;
// C0 controls, DEL and C1 controls: no route has them, and they split log lines.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

function refuse(reason: string): CanonicalPath {
  return { ok: false, reason };
}

type Decoded = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Percent-decodes once into bytes, then reads them as strict UTF-8. `bytes` input is a header
 * value as Node hands it over (one character per byte, latin1); `text` input is a JSON string,
 * whose non-ASCII characters are UTF-8 encoded first.
 */
function decodeOnce(raw: string, input: "bytes" | "text"): Decoded {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25) {
      const hex = raw.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return { ok: false, reason: "The path has a broken percent-encoding." };
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80 || (input === "bytes" && c <= 0xff)) {
      bytes.push(c);
    } else {
      const ch = String.fromCodePoint(raw.codePointAt(i) ?? 0xfffd);
      bytes.push(...encoder.encode(ch));
      i += ch.length - 1;
    }
  }
  try {
    return { ok: true, text: utf8.decode(new Uint8Array(bytes)) };
  } catch {
    return { ok: false, reason: "The path does not decode to UTF-8." };
  }
}

/**
 * True when the path is its own canonical form, which is what nearly every real call sends:
 * printable ASCII with no `%`, backslash or `;`, and no empty, `.` or `..` segment (an empty last
 * segment, i.e. a trailing slash, is kept as it is). Such a path decodes to itself and nothing
 * in it is refused or rewritten, so the gateway skips the byte-by-byte decoding on the hot path
 * (R-GW-VERIFY, issue 14); a unit test checks the two agree on arbitrary paths.
 */
function alreadyCanonical(p: string): boolean {
  const n = p.length;
  if (n > 8192 || p.charCodeAt(0) !== 0x2f) return false;
  let segStart = 1;
  for (let i = 1; i <= n; i++) {
    const c = i < n ? p.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      const len = i - segStart;
      if (len === 0 && i !== n) return false;
      if (len === 1 && p.charCodeAt(segStart) === 0x2e) return false;
      if (len === 2 && p.charCodeAt(segStart) === 0x2e && p.charCodeAt(segStart + 1) === 0x2e)
        return false;
      segStart = i + 1;
    } else if (c <= 0x20 || c >= 0x7f || c === 0x25 || c === 0x5c || c === 0x3b) return false;
  }
  return true;
}

/**
 * The canonical form of a request path (without its query string), or the reason it is refused.
 * The result always starts with `/`; a trailing slash is kept (`/a/b/..` → `/a/`).
 */
export function canonicalPath(rawPath: string, input: "bytes" | "text" = "bytes"): CanonicalPath {
  return alreadyCanonical(rawPath) ? { ok: true, path: rawPath } : decodedPath(rawPath, input);
}

/** canonicalPath the long way: decode, check, resolve segments (exported for the tests). */
export function decodedPath(rawPath: string, input: "bytes" | "text" = "bytes"): CanonicalPath {
  if (!rawPath.startsWith("/")) return refuse("The path must start with /.");
  if (rawPath.length > 8192) return refuse("The path is too long.");
  const result = decodeOnce(rawPath, input);
  if (!result.ok) return refuse(result.reason);
  const decoded = result.text;
  if (CONTROL.test(decoded)) return refuse("The path holds a control character.");
  if (decoded.includes("\\")) return refuse("The path holds a backslash.");
  if (STILL_ENCODED.test(decoded)) return refuse("The path is percent-encoded twice.");

  const out: string[] = [];
  const segments = decoded.split("/");
  // segments[0] is "" (the leading slash); the last one tells whether a slash ends the path.
  let trailingSlash = false;
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i] ?? "";
    const last = i === segments.length - 1;
    const bare = seg.split(";")[0];
    if (seg !== bare && (bare === "." || bare === "..")) {
      return refuse("The path holds a dot segment with parameters.");
    }
    if (seg === "" || seg === ".") {
      trailingSlash = last;
      continue;
    }
    if (seg === "..") {
      if (out.length === 0) return refuse("The path climbs above the root.");
      out.pop();
      trailingSlash = last;
      continue;
    }
    out.push(seg);
    trailingSlash = false;
  }
  const path = `/${out.join("/")}${out.length > 0 && trailingSlash ? "/" : ""}`;
  return { ok: true, path };
}
