import ipaddr from "ipaddr.js";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * R-KEY-IP-ALLOW: a key's rules (canonical addresses and CIDR ranges, lib/validation/ip-rules.ts)
 * compiled once, when the gateway loads the key, so a call only parses its own client address:
 * null when the key may be used from anywhere.
 */
export function compileIpRules(rules: string[]): ((ip: string | null) => boolean) | null {
  if (rules.length === 0) return null;
  const ranges: Range[] = rules.map((rule) => {
    if (rule.includes("/")) return ipaddr.parseCIDR(rule);
    const a = ipaddr.parse(rule);
    return [a, a.kind() === "ipv4" ? 32 : 128];
  });
  return (ip) => {
    if (!ip || !ipaddr.isValid(ip)) return false;
    let addr = ipaddr.parse(ip);
    // An IPv4 client seen through an IPv6 socket (::ffff:203.0.113.7) is that IPv4 address.
    if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress())
      addr = (addr as ipaddr.IPv6).toIPv4Address();
    return ranges.some(([a, bits]) => a.kind() === addr.kind() && addr.match([a, bits] as Range));
  };
}
