import { describe, expect, it } from "vitest";
import {
  burnPasswordCheck,
  currentHashParams,
  hashPassword,
  passwordCheckCounter,
  verifyPassword,
} from "@/lib/auth/password";

describe("R-PORTAL-SIGNUP: password hashing", () => {
  const password = "s3cret-Passwörd";

  it("R-PORTAL-SIGNUP: the hash is not the password and verifies only the right password", async () => {
    const hash = await hashPassword(password);
    expect(hash).not.toContain(password);
    expect(hash.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword(password, hash)).toBe(true);
    expect(await verifyPassword("s3cret-passwörd", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("R-PORTAL-SIGNUP: two hashes of the same password differ (random salt) and both verify", async () => {
    const [a, b] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(password, a)).toBe(true);
    expect(await verifyPassword(password, b)).toBe(true);
  });

  it("R-PORTAL-SIGNUP: a tampered or malformed hash never verifies", async () => {
    const hash = await hashPassword(password);
    const parts = hash.split("$");
    const digest = parts[5] ?? "";
    const flipped = (digest[0] === "A" ? "B" : "A") + digest.slice(1);
    expect(await verifyPassword(password, [...parts.slice(0, 5), flipped].join("$"))).toBe(false);
    const salt = parts[4] ?? "";
    const otherSalt = (salt[0] === "A" ? "B" : "A") + salt.slice(1);
    expect(
      await verifyPassword(password, [...parts.slice(0, 4), otherSalt, digest].join("$")),
    ).toBe(false);
    expect(await verifyPassword(password, hash.replace(/^scrypt/, "bcrypt"))).toBe(false);
    expect(await verifyPassword(password, "")).toBe(false);
    expect(await verifyPassword(password, password)).toBe(false);
  });

  it("R-PASSWORD-RESET: Unicode passwords are normalised (NFKC) before hashing", async () => {
    const composed = "caf\u00e9-longer";
    const decomposed = "cafe\u0301-longer";
    const hash = await hashPassword(composed);
    expect(await verifyPassword(decomposed, hash)).toBe(true);
  });

  it("R-PORTAL-SIGNUP: an unknown email costs what a wrong password costs: one hash check at today's scrypt cost", async () => {
    const stored = await hashPassword(password);
    const before = passwordCheckCounter.checks;
    expect(await verifyPassword(`${password}-wrong`, stored)).toBe(false);
    const wrongCost = passwordCheckCounter.lastCost;
    expect(passwordCheckCounter.checks).toBe(before + 1);
    passwordCheckCounter.lastCost = 0;
    expect(await burnPasswordCheck(password)).toBe(false);
    expect(passwordCheckCounter.checks).toBe(before + 2);
    expect(passwordCheckCounter.lastCost).toBe(wrongCost);
    expect(wrongCost).toBe(currentHashParams().N);
  });
});
