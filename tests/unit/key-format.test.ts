import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKey, hashKey, isWellFormedKey, KEY_PREFIX } from "@/lib/keys/format";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** The same key with the character at `index` replaced by another base58 character. */
function withCharChanged(key: string, index: number): string {
  const c = key[index] ?? "";
  const other = ALPHABET[(ALPHABET.indexOf(c) + 1) % ALPHABET.length] ?? "1";
  return key.slice(0, index) + other + key.slice(index + 1);
}

describe("R-KEY-NEW: key format", () => {
  it("R-KEY-NEW: a generated key is gh_ followed by base58", () => {
    const { key } = generateKey();
    expect(KEY_PREFIX).toBe("gh");
    expect(key).toMatch(/^gh_[1-9A-HJ-NP-Za-km-z]{30,40}$/);
  });

  it("R-KEY-NEW: two generated keys differ", () => {
    const keys = new Set(Array.from({ length: 20 }, () => generateKey().key));
    expect(keys.size).toBe(20);
  });

  it("R-KEY-NEW: the stored hash is the SHA-256 hex of the whole key, and hashKey agrees", () => {
    const { key, hash } = generateKey();
    expect(hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKey(key)).toBe(hash);
  });

  it("R-KEY-NEW: start is a short display prefix of the key", () => {
    const { key, start } = generateKey();
    expect(key.startsWith(start)).toBe(true);
    expect(start.startsWith("gh_")).toBe(true);
    expect(start.length).toBeLessThan(key.length - 10);
  });
});

describe("R-GW-VERIFY: well-formed key check (checksum)", () => {
  it("R-GW-VERIFY: accepts generated keys", () => {
    for (let i = 0; i < 50; i++) expect(isWellFormedKey(generateKey().key)).toBe(true);
  });

  it("R-GW-VERIFY: rejects a key with any one character changed", () => {
    const { key } = generateKey();
    for (let i = 3; i < key.length; i++)
      expect(isWellFormedKey(withCharChanged(key, i))).toBe(false);
  });

  it("R-GW-VERIFY: rejects a wrong or missing prefix", () => {
    const { key } = generateKey();
    const body = key.slice(3);
    expect(isWellFormedKey(`sk_${body}`)).toBe(false);
    expect(isWellFormedKey(`GH_${body}`)).toBe(false);
    expect(isWellFormedKey(body)).toBe(false);
    expect(isWellFormedKey(`gh${body}`)).toBe(false);
  });

  it("R-GW-VERIFY: rejects truncated, extended, empty and non-base58 keys", () => {
    const { key } = generateKey();
    expect(isWellFormedKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedKey(key.slice(0, 12))).toBe(false);
    expect(isWellFormedKey(`${key}x`)).toBe(false);
    expect(isWellFormedKey("")).toBe(false);
    expect(isWellFormedKey("gh_")).toBe(false);
    expect(isWellFormedKey(`${key.slice(0, -1)}0`)).toBe(false);
    expect(isWellFormedKey(`gh_${"z".repeat(200)}`)).toBe(false);
  });

  it("R-GW-VERIFY: a custom prefix is checked against the same prefix", () => {
    const { key } = generateKey("test");
    expect(key.startsWith("test_")).toBe(true);
    expect(isWellFormedKey(key, "test")).toBe(true);
    expect(isWellFormedKey(key)).toBe(false);
  });
});
