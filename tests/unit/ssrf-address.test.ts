import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AddressClass,
  classifyAddress,
  isAllowedAddress,
  TARGET_MESSAGES,
  targetUrlProblem,
} from "@/lib/net/address-policy";
import { outboundUrlError } from "@/lib/net/guarded-fetch";

/** The host as the guarded client sees it: after WHATWG URL parsing. */
const hostOf = (url: string) => new URL(url).hostname;

// [URL as typed, host after URL parsing, class]
const TABLE: Array<[string, string, AddressClass]> = [
  ["http://127.0.0.1/", "127.0.0.1", "private"],
  ["http://127.255.255.254/", "127.255.255.254", "private"],
  // Decimal, octal, hex and short IPv4 spellings: WHATWG URL normalises them to dotted quads.
  ["http://2130706433/", "127.0.0.1", "private"],
  ["http://0177.0.0.1/", "127.0.0.1", "private"],
  ["http://0x7f.1/", "127.0.0.1", "private"],
  ["http://0x7f000001/", "127.0.0.1", "private"],
  ["http://127.1/", "127.0.0.1", "private"],
  ["http://[::1]/", "[::1]", "private"],
  // IPv4-mapped IPv6, dotted and hex: classified as the IPv4 address they carry.
  ["http://[::ffff:127.0.0.1]/", "[::ffff:7f00:1]", "private"],
  ["http://[::ffff:7f00:1]/", "[::ffff:7f00:1]", "private"],
  ["http://[::ffff:169.254.169.254]/", "[::ffff:a9fe:a9fe]", "never"],
  ["http://10.0.0.1/", "10.0.0.1", "private"],
  ["http://172.16.0.1/", "172.16.0.1", "private"],
  ["http://192.168.1.1/", "192.168.1.1", "private"],
  ["http://[fc00::1]/", "[fc00::1]", "private"],
  ["http://[fd12:3456::1]/", "[fd12:3456::1]", "private"],
  ["http://100.64.0.1/", "100.64.0.1", "private"],
  // Cloud metadata, link-local and the rest: never, whatever the setting.
  ["http://169.254.169.254/", "169.254.169.254", "never"],
  ["http://169.254.170.2/", "169.254.170.2", "never"],
  ["http://[fd00:ec2::254]/", "[fd00:ec2::254]", "never"],
  ["http://100.100.100.200/", "100.100.100.200", "never"],
  ["http://[fe80::1]/", "[fe80::1]", "never"],
  ["http://[::]/", "[::]", "never"],
  ["http://0.0.0.0/", "0.0.0.0", "never"],
  ["http://0/", "0.0.0.0", "never"],
  ["http://224.0.0.1/", "224.0.0.1", "never"],
  ["http://[ff02::1]/", "[ff02::1]", "never"],
  ["http://255.255.255.255/", "255.255.255.255", "never"],
  ["http://192.0.2.1/", "192.0.2.1", "never"],
  ["http://240.0.0.1/", "240.0.0.1", "never"],
  ["http://[2001:db8::1]/", "[2001:db8::1]", "never"],
  // IPv6 spellings that hide an IPv4 address: NAT64, 6to4, IPv4-compatible.
  ["http://[64:ff9b::7f00:1]/", "[64:ff9b::7f00:1]", "never"],
  ["http://[2002:7f00:1::]/", "[2002:7f00:1::]", "never"],
  ["http://[::127.0.0.1]/", "[::7f00:1]", "never"],
  ["http://93.184.216.34/", "93.184.216.34", "public"],
  ["http://8.8.8.8/", "8.8.8.8", "public"],
  ["http://[2606:4700:4700::1111]/", "[2606:4700:4700::1111]", "public"],
];

describe("R-SEC-SSRF: address classes (lib/net/address-policy.ts)", () => {
  it.each(TABLE)("R-SEC-SSRF: %s is %s → %s", (url, host, cls) => {
    expect(hostOf(url)).toBe(host);
    expect(classifyAddress(host)).toBe(cls);
    expect(isAllowedAddress(host, false)).toBe(cls === "public");
    expect(isAllowedAddress(host, true)).toBe(cls !== "never");
  });

  it("R-SEC-SSRF: names and non-canonical spellings are not addresses and never allowed unresolved", () => {
    for (const text of ["example.com", "localhost", "0x7f.1", "127.1", "2130706433", ""]) {
      expect(classifyAddress(text)).toBeNull();
      expect(isAllowedAddress(text, true)).toBe(false);
    }
  });

  it("R-SEC-SSRF: every spelling of any IPv4 address classifies like its dotted quad", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        const dotted = [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");
        const expected = classifyAddress(dotted);
        for (const spelling of [
          String(n),
          `0x${n.toString(16)}`,
          `0${n.toString(8)}`,
          `[::ffff:${dotted}]`,
        ])
          expect(classifyAddress(hostOf(`http://${spelling}/`))).toBe(expected);
      }),
    );
  });
});

describe("R-SEC-SSRF: save-time check of URLs Gatehouse will request", () => {
  it("R-SEC-SSRF: literal loopback and private addresses and localhost names are refused unless private targets are allowed", () => {
    for (const url of [
      "http://127.0.0.1:8611/hooks",
      "http://2130706433/",
      "http://[::1]:3000/",
      "http://10.1.2.3/openapi.json",
      "http://localhost/",
      "https://LOCALHOST./x",
      "http://api.localhost:8080/",
    ]) {
      expect(targetUrlProblem(url, false)).toBe(TARGET_MESSAGES.private);
      expect(outboundUrlError(url, false)).toBe(TARGET_MESSAGES.private);
      expect(targetUrlProblem(url, true)).toBeNull();
    }
  });

  it("R-SEC-SSRF: metadata, link-local and other never-addresses are refused even when private targets are allowed", () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/",
      "http://[fe80::1]/",
      "http://0.0.0.0:8080/",
      "http://[::ffff:169.254.169.254]/",
    ]) {
      expect(targetUrlProblem(url, true)).toBe(TARGET_MESSAGES.never);
      expect(targetUrlProblem(url, false)).toBe(TARGET_MESSAGES.never);
    }
  });

  it("R-SEC-SSRF: public addresses and names pass (names are resolved and checked at send time)", () => {
    for (const url of [
      "https://hooks.example.com/gatehouse",
      "http://93.184.216.34/",
      "https://169.254.169.254.nip.io/",
    ])
      expect(targetUrlProblem(url, false)).toBeNull();
    expect(outboundUrlError(null, false)).toBeNull();
  });

  it("R-SEC-SSRF: non-http(s) URLs and URLs with credentials are refused", () => {
    for (const url of [
      "ftp://example.com/",
      "file:///etc/passwd",
      "https://u:p@example.com/",
      "nope",
    ])
      expect(targetUrlProblem(url, true)).toBe(TARGET_MESSAGES.invalid);
  });
});
