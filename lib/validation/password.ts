import { z } from "zod";
import { isCommonPassword } from "@/lib/auth/common-passwords";
import { normalisePassword } from "@/lib/auth/password";
import { effectiveMinPasswordLength, PASSWORD_MAX } from "./common";
import { linkTokenField } from "./ids";

/** Characters as a person counts them: code points of the NFKC form (an emoji is one). */
export function passwordLength(password: string): number {
  return [...normalisePassword(password)].length;
}

/**
 * A new password (R-SEC-PASSWORDS): at least the organisation's minimum (never below 8), at most
 * 128 characters, any Unicode (NFKC-normalised before hashing), not only spaces, and not on the
 * common-password list shipped with the app. Server-only (the list is read from disk).
 */
export function passwordField(minLength: number) {
  const min = effectiveMinPasswordLength(minLength);
  return z
    .string()
    .refine((v) => passwordLength(v) >= min, {
      message: `Use at least ${min} characters.`,
      abort: true,
    })
    .refine((v) => passwordLength(v) <= PASSWORD_MAX, {
      message: `At most ${PASSWORD_MAX} characters.`,
      abort: true,
    })
    .refine((v) => v.trim() !== "", { message: "A password cannot be only spaces.", abort: true })
    .refine(
      (v) => !isCommonPassword(v),
      "This password is on a list of common, leaked passwords. Choose another.",
    );
}

/** New password + confirmation, with the organisation's minimum (never below 8). */
export function newPasswordSchema(minLength: number) {
  return z
    .object({
      org: z.string(),
      token: linkTokenField,
      password: passwordField(minLength),
      confirm: z.string(),
    })
    .refine((v) => v.password === v.confirm, {
      path: ["confirm"],
      message: "The two passwords differ.",
    });
}
