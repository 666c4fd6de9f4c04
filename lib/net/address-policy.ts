import ipaddr from "ipaddr.js";

/**
 * Which addresses Gatehouse may send requests to (R-SEC-SSRF). Pure: used by the guarded
 * outbound client after DNS resolution and by the save-time checks of URLs.
 *
 * - "public": global unicast; always allowed.
 * - "private": loopback, RFC 1918, unique-local fc00::/7, CGNAT 100.64/10 and `localhost` names;
 *   allowed only when the operator sets GATEHOUSE_ALLOW_PRIVATE_TARGETS (a private install).
 * - "never": cloud metadata endpoints, link-local (169.254/16, fe80::/10 — where metadata lives),
 *   multicast, broadcast, unspecified, reserved and documentation ranges, and the IPv6
 *   translation spellings (NAT64, 6to4, Teredo, IPv4-compatible) that can hide an IPv4 address.
 *   Never allowed, whatever the setting (docs/DECISIONS.md).
 */
export type AddressClass = "public" | "private" | "never";

/** Instance-metadata addresses outside link-local, so the private opt-in must not open them. */
const METADATA = new Set(
  [
    "fd00:ec2::254", // AWS IMDS over IPv6 (a unique-local address)
    "100.100.100.200", // Alibaba Cloud metadata (inside CGNAT 100.64/10)
  ].map((a) => ipaddr.parse(a).toNormalizedString()),
);

const PRIVATE_RANGES = new Set(["loopback", "private", "uniqueLocal", "carrierGradeNat"]);

/** An IP literal (IPv6 with or without brackets) parsed, IPv4-mapped IPv6 turned into IPv4; else null. */
function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  // Only canonical spellings: WHATWG URL and DNS give these; "127.1" or "0x7f.1" reach us normalised.
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return null;
  return ipaddr.process(bare);
}

export function isIpLiteral(text: string): boolean {
  return parseIp(text) !== null;
}

/** The class of an IP address, or null when `ip` is not an IP literal. */
export function classifyAddress(ip: string): AddressClass | null {
  const addr = parseIp(ip);
  if (!addr) return null;
  if (METADATA.has(addr.toNormalizedString())) return "never";
  const range = addr.range();
  if (PRIVATE_RANGES.has(range)) return "private";
  if (range !== "unicast") return "never";
  // IPv6 global unicast is 2000::/3; anything else ipaddr.js leaves as "unicast" (e.g. the
  // IPv4-compatible ::127.0.0.1) is not a public address.
  if (addr.kind() === "ipv6" && !addr.match(ipaddr.IPv6.parse("2000::"), 3)) return "never";
  return "public";
}

/** May a request go to this address? Non-IP text is never allowed (resolve it first). */
export function isAllowedAddress(ip: string, allowPrivate: boolean): boolean {
  const cls = classifyAddress(ip);
  return cls === "public" || (cls === "private" && allowPrivate);
}

/** `localhost`, `x.localhost` (RFC 6761 resolves them to loopback), with or without the final dot. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

export const TARGET_MESSAGES = {
  invalid: "Enter a full http(s) URL without credentials.",
  private:
    "This address is on a private network (loopback, LAN or localhost): Gatehouse does not send requests there. An operator can allow private targets with GATEHOUSE_ALLOW_PRIVATE_TARGETS.",
  never:
    "Gatehouse never sends requests to this address (cloud metadata, link-local, multicast or reserved).",
} as const;

/**
 * Save-time check of a URL Gatehouse will request (webhook endpoint, OpenAPI document): refuses
 * literal addresses and `localhost` names it would refuse to send to. Names are resolved only
 * at send time (the guarded client checks every resolved address then). Null when acceptable.
 */
export function targetUrlProblem(value: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return TARGET_MESSAGES.invalid;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password)
    return TARGET_MESSAGES.invalid;
  const cls = isLocalhostName(url.hostname) ? "private" : classifyAddress(url.hostname);
  if (cls === "never") return TARGET_MESSAGES.never;
  if (cls === "private" && !allowPrivate) return TARGET_MESSAGES.private;
  return null;
}
