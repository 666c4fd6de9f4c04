import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base58Decode, base58Encode } from "@/lib/base58";

// Keys (R-GW-VERIFY) and ids are base58: a wrong decode would make valid keys unrecognisable.
describe("R-GW-VERIFY: base58", () => {
  it("R-GW-VERIFY: encodes known vectors", () => {
    expect(base58Encode(new TextEncoder().encode("hello world"))).toBe("StV1DL6CwTryKyV");
    expect(base58Encode(Uint8Array.from([0, 0, 0x28, 0x7f, 0xb4, 0xcd]))).toBe("11233QC4");
    expect(base58Encode(new Uint8Array())).toBe("");
  });

  it("R-GW-VERIFY: round-trips random bytes", () => {
    for (let i = 0; i < 50; i++) {
      const bytes = randomBytes(1 + (i % 40));
      expect(base58Decode(base58Encode(bytes))).toEqual(Uint8Array.from(bytes));
    }
  });

  it("R-GW-VERIFY: keeps leading zero bytes as leading '1's", () => {
    const bytes = Uint8Array.from([0, 0, 0, 7, 255]);
    const text = base58Encode(bytes);
    expect(text.startsWith("111")).toBe(true);
    expect(text[3]).not.toBe("1");
    expect(base58Decode(text)).toEqual(bytes);
    expect(base58Decode("111")).toEqual(Uint8Array.from([0, 0, 0]));
    expect(base58Encode(Uint8Array.from([0, 0]))).toBe("11");
  });

  it("R-GW-VERIFY: returns null for characters outside the alphabet", () => {
    for (const bad of ["0abc", "abcO", "Iabc", "abcl", "ab c", "ab-c", "abc_", "é"]) {
      expect(base58Decode(bad)).toBeNull();
    }
  });

  it("R-GW-VERIFY: agrees with a big-integer reference on arbitrary bytes and arbitrary base58 text", () => {
    const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    // The textbook conversion through one BigInt: slow, obviously right.
    const refEncode = (bytes: Uint8Array) => {
      let zeros = 0;
      while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
      let n = 0n;
      for (const b of bytes) n = (n << 8n) | BigInt(b);
      let out = "";
      for (; n > 0n; n /= 58n) out = ALPHABET[Number(n % 58n)] + out;
      return "1".repeat(zeros) + out;
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = base58Encode(bytes);
        expect(text).toBe(refEncode(bytes));
        expect(base58Decode(text)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }), (chars) => {
        const text = chars.join("");
        const bytes = base58Decode(text);
        expect(bytes && refEncode(bytes)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
