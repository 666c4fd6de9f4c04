import ipaddr from "ipaddr.js";
import { z } from "zod";

export const MAX_IP_RULES = 50;

/**
 * One allowed address or range (R-KEY-IP-ALLOW): an IPv4 or IPv6 address, or a CIDR range, in
 * canonical form ("2001:db8::/32", "203.0.113.0/24"); null when it is neither.
 */
export function canonicalIpRule(value: string): string | null {
  const v = value.trim();
  if (v.includes("/")) {
    if (!ipaddr.isValidCIDR(v)) return null;
    const [addr, bits] = ipaddr.parseCIDR(v);
    return `${networkOf(addr, bits).toString()}/${bits}`;
  }
  return ipaddr.isValid(v) ? ipaddr.parse(v).toString() : null;
}

/** The network address of a CIDR (the host bits cleared): 203.0.113.7/24 → 203.0.113.0. */
function networkOf(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = (bytes[i] ?? 0) & (0xff << (8 - keep)) & 0xff;
  }
  return ipaddr.fromByteArray(bytes);
}

/**
 * A key's IP rules as typed (one per line, or separated by commas or spaces): each checked,
 * canonical, deduplicated; empty means "from anywhere".
 */
export const ipRulesField = z
  .string()
  .max(10_000, "Too long: at most 50 addresses or ranges.")
  .optional()
  .transform((raw, ctx) => {
    const parts = (raw ?? "").split(/[\s,]+/).filter(Boolean);
    const rules: string[] = [];
    for (const part of parts) {
      const rule = canonicalIpRule(part);
      if (!rule) {
        ctx.addIssue({
          code: "custom",
          message: `“${part.slice(0, 60)}” is not an IP address or a CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32).`,
        });
        return z.NEVER;
      }
      if (!rules.includes(rule)) rules.push(rule);
    }
    if (rules.length > MAX_IP_RULES) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_IP_RULES} addresses or ranges.` });
      return z.NEVER;
    }
    return rules;
  });

export { compileIpRules } from "@/lib/keys/ip-match";
