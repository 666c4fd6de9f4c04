import { CredentialsSignin } from "next-auth";

export type AdminLoginRefusal = "challenge" | "code" | "throttled";

/**
 * The password was right and the admin has two-factor on: no user, no session. The login action
 * reads the challenge from this error (same process) and shows the code step; a direct POST to
 * the callback endpoint only sees `code=two_factor` in the redirect, never the challenge.
 */
export class AdminCodeRequired extends CredentialsSignin {
  constructor(readonly challenge: string) {
    super();
    this.code = "two_factor";
  }
}

/** The code step was refused: start again, wrong code, or too many wrong codes. */
export class AdminLoginRefused extends CredentialsSignin {
  constructor(readonly reason: AdminLoginRefusal) {
    super();
    this.code = reason === "throttled" ? "code_throttled" : reason;
  }
}

/**
 * What signIn("admin", …) threw, read by `code` rather than instanceof (a second bundled copy of
 * next-auth's classes must still match, as lib/throttle/sign-in.ts does).
 */
export function adminLoginStep(
  err: unknown,
):
  | { next: "code"; challenge: string }
  | { next: "restart" | "wrong_code" | "code_throttled" }
  | null {
  const e = err as { type?: unknown; code?: unknown; challenge?: unknown } | null;
  if (e?.type !== "CredentialsSignin") return null;
  if (e.code === "two_factor" && typeof e.challenge === "string")
    return { next: "code", challenge: e.challenge };
  if (e.code === "challenge") return { next: "restart" };
  if (e.code === "code") return { next: "wrong_code" };
  if (e.code === "code_throttled") return { next: "code_throttled" };
  return null;
}
