import ipaddr from "ipaddr.js";

type HeaderSource = { get(name: string): string | null } | undefined;

/**
 * The client address throttling counts by (docs/SECURITY.md "Throttling"). Next.js records the
 * socket address in X-Forwarded-For when the request has none; each proxy of yours appends the
 * address it saw. With TRUSTED_PROXY_HOPS = n ≥ 1 the address is the n-th entry from the right
 * (what your outermost proxy saw; anything a client wrote to the left of it is ignored). With 0
 * it is the rightmost entry: the socket address — unless a client talking to the app directly
 * sent its own header, which is why a deployment on the Internet runs behind a proxy.
 * IPv6 addresses count per /64 (one host usually has a whole /64); IPv4-mapped IPv6 as IPv4.
 */
export function clientAddress(headers: HeaderSource, trustedHops: number): string {
  const entries = (headers?.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const index = entries.length - Math.max(1, trustedHops);
  const raw = entries[Math.max(0, index)];
  return raw ? normalise(raw) : "unknown";
}

function normalise(raw: string): string {
  const bare = raw.replace(/^\[|\](:\d+)?$/g, "");
  if (!ipaddr.isValid(bare)) return "unknown";
  const addr = ipaddr.process(bare);
  if (addr.kind() === "ipv4") return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(":")}::/64`;
}
