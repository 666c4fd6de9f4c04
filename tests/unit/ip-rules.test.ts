import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipRulesText } from "@/lib/keys/ip-rules-text";
import { canonicalIpRule, compileIpRules, ipRulesField } from "@/lib/validation/ip-rules";

describe("R-KEY-IP-ALLOW: a key's allowed addresses (ipaddr.js)", () => {
  it("R-KEY-IP-ALLOW: addresses and CIDR ranges, IPv4 and IPv6, are stored canonical and deduplicated", () => {
    expect(
      ipRulesField.parse("203.0.113.7\n203.0.113.0/24, 2001:DB8:0:0::1  2001:db8::/32"),
    ).toEqual(["203.0.113.7", "203.0.113.0/24", "2001:db8::1", "2001:db8::/32"]);
    // Host bits of a range are cleared; the same rule twice is kept once.
    expect(ipRulesField.parse("203.0.113.77/24\n203.0.113.0/24")).toEqual(["203.0.113.0/24"]);
    expect(ipRulesField.parse("")).toEqual([]);
    expect(ipRulesField.parse(undefined)).toEqual([]);
  });

  it("R-KEY-IP-ALLOW: anything else is refused with the offending entry named", () => {
    for (const bad of ["10.0.0.300", "203.0.113.0/33", "example.com", "::/129", "1.2.3.4/-1"]) {
      const r = ipRulesField.safeParse(`203.0.113.1\n${bad}`);
      expect(r.success, bad).toBe(false);
      if (!r.success) expect(r.error.issues[0]?.message).toContain(`“${bad}”`);
    }
    expect(
      ipRulesField.safeParse(Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`).join("\n"))
        .success,
    ).toBe(false);
  });

  it("R-KEY-IP-ALLOW: the compiled rules match inside the ranges only, IPv4-mapped IPv6 as IPv4, nothing for garbage", () => {
    expect(compileIpRules([])).toBeNull();
    const allowed = compileIpRules(["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]);
    if (!allowed) throw new Error("expected rules");
    expect(allowed("203.0.113.200")).toBe(true);
    expect(allowed("203.0.114.1")).toBe(false);
    expect(allowed("::ffff:203.0.113.9")).toBe(true);
    expect(allowed("2001:db8:1::5")).toBe(true);
    expect(allowed("2001:db9::5")).toBe(false);
    expect(allowed("198.51.100.7")).toBe(true);
    expect(allowed("198.51.100.8")).toBe(false);
    expect(allowed(null)).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (junk) => {
        expect(() => allowed(junk)).not.toThrow();
      }),
    );
    expect(canonicalIpRule(" 192.0.2.1 ")).toBe("192.0.2.1");
  });

  it("R-KEY-IP-ALLOW: effective limits say where a key works from", () => {
    expect(ipRulesText([])).toBe("any address");
    expect(ipRulesText(["203.0.113.0/24"])).toBe("only from 203.0.113.0/24");
    expect(ipRulesText(["a", "b", "c", "d", "e"])).toBe("only from a, b, c and 2 more");
  });
});
