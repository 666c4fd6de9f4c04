import { describe, expect, it } from "vitest";
import { commonPasswordCount, isCommonPassword } from "@/lib/auth/common-passwords";
import {
  currentHashParams,
  hashPassword,
  needsRehash,
  PASSWORD_HASH_PARAMS,
  verifyPassword,
} from "@/lib/auth/password";
import { parseEnv } from "@/lib/env";
import { effectiveMinPasswordLength, PASSWORD_FLOOR } from "@/lib/validation/common";
import { passwordField } from "@/lib/validation/password";
import { portalSettingsSchema } from "@/lib/validation/settings";

const field = passwordField(8);
const messages = (value: string) =>
  (field.safeParse(value).error?.issues ?? []).map((i) => i.message);

describe("R-SEC-PASSWORDS: password rules (lib/validation/password.ts)", () => {
  it("R-SEC-PASSWORDS: the passwords of the report are refused: password, 12345678, eight spaces", () => {
    expect(messages("password")).toEqual([
      "This password is on a list of common, leaked passwords. Choose another.",
    ]);
    expect(messages("12345678")).toHaveLength(1);
    expect(messages("        ")).toEqual(["A password cannot be only spaces."]);
    expect(messages("\u3000".repeat(10))).toEqual(["A password cannot be only spaces."]);
  });

  it("R-SEC-PASSWORDS: the list is compared after NFKC, trimming and lower-casing", () => {
    for (const variant of ["PassWord1", " iloveyou ", "ｐａｓｓｗｏｒｄ", "Sunshine"])
      expect(isCommonPassword(variant), variant).toBe(true);
    expect(field.safeParse("ｐａｓｓｗｏｒｄ").success).toBe(false);
  });

  it("R-SEC-PASSWORDS: the shipped list holds well over 100,000 breached passwords of 8+ characters", () => {
    expect(commonPasswordCount()).toBeGreaterThan(100_000);
  });

  it("R-SEC-PASSWORDS: the demo and test passwords are valid (not on the list)", () => {
    for (const ok of ["gatehouse-demo", "correct-horse-battery", "b-side-password"])
      expect(field.safeParse(ok).success, ok).toBe(true);
  });

  it("R-SEC-PASSWORDS: any Unicode; length counts characters of the NFKC form, 8 to 128", () => {
    expect(field.safeParse("пароль-мой-7").success).toBe(true);
    expect(field.safeParse("密码很长的一句话啊").success).toBe(true);
    // 7 emoji are 14 UTF-16 units but 7 characters: too short; 8 are enough.
    expect(messages("🔑".repeat(7))).toEqual(["Use at least 8 characters."]);
    expect(field.safeParse("🔑".repeat(8)).success).toBe(true);
    expect(field.safeParse("é".repeat(128)).success).toBe(true);
    expect(messages("é".repeat(129))).toEqual(["At most 128 characters."]);
    // NFKC: the ligature "ﬃ" is three characters once normalised.
    expect(field.safeParse("ﬃﬃﬃ").success).toBe(true);
  });

  it("R-SEC-PASSWORDS: an organisation may raise the minimum, never lower it below 8", () => {
    expect(PASSWORD_FLOOR).toBe(8);
    expect(effectiveMinPasswordLength(6)).toBe(8);
    expect(effectiveMinPasswordLength(12)).toBe(12);
    expect(passwordField(6).safeParse("qz7-wk3").success).toBe(false);
    const settings = (minLength: string) =>
      portalSettingsSchema.safeParse({ minLength, keyRequestMode: "manual" });
    expect(settings("6").error?.issues.map((i) => i.path[0])).toContain("minLength");
    expect(settings("8").error?.issues.map((i) => i.path[0]) ?? []).not.toContain("minLength");
  });
});

describe("R-SEC-PASSWORDS: hashing at OWASP parameters (lib/auth/password.ts)", () => {
  it("R-SEC-PASSWORDS: hashes use scrypt N=2^17, r=8, p=1 by default, stored in the hash string; production refuses less", async () => {
    expect(PASSWORD_HASH_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const dataDir = process.env.GATEHOUSE_DATA_DIR ?? "";
    expect(parseEnv({ GATEHOUSE_DATA_DIR: dataDir }).PASSWORD_HASH_LOG2N).toBe(17);
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        GATEHOUSE_LOCAL: "1",
        GATEHOUSE_DATA_DIR: dataDir,
        PASSWORD_HASH_LOG2N: "12",
      }),
    ).toThrow(/PASSWORD_HASH_LOG2N may not be below 17 in production/);
    const hash = await hashPassword("qz7-wk3v-plm", PASSWORD_HASH_PARAMS);
    expect(hash.split("$").slice(0, 4)).toEqual(["scrypt", "131072", "8", "1"]);
    expect(await verifyPassword("qz7-wk3v-plm", hash)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
    // Without explicit parameters, hashes take today's (the suite lowers N to stay fast).
    expect((await hashPassword("qz7-wk3v-plm")).split("$")[1]).toBe(String(currentHashParams().N));
  });

  it("R-SEC-PASSWORDS: a hash made with a smaller N than today's still verifies and is marked for rehash", async () => {
    const weaker = currentHashParams().N / 2;
    const old = await hashPassword("qz7-wk3v-plm", { N: weaker, r: 8, p: 1 });
    expect(old.split("$")[1]).toBe(String(weaker));
    expect(await verifyPassword("qz7-wk3v-plm", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash("not-a-hash")).toBe(false);
  });
});
