"use server";
import { AuthError } from "next-auth";
import { publicAction } from "@/lib/actions/safe-action";
import { signIn } from "@/lib/auth";
import { adminLoginStep } from "@/lib/auth/admin-login-error";
import { CODE_ATTEMPT_WINDOW_MINUTES } from "@/lib/admins/login";
import { signInFailureMessage } from "@/lib/throttle/sign-in";
import { loginCodeSchema } from "@/lib/validation/admins";
import { loginSchema } from "@/lib/validation/auth";
import { safeNextPath } from "@/lib/validation/common";

export const loginAdminAction = publicAction(loginSchema, async ({ email, password, next }) => {
  try {
    await signIn("admin", { email, password, redirectTo: safeNextPath(next, "/admin") });
  } catch (err) {
    // Right password, two-factor on: no session yet; the form asks for the code (R-SEC-ADMINS).
    const step = adminLoginStep(err);
    if (step?.next === "code")
      return { ok: true, data: { challenge: step.challenge }, values: { email } };
    // Wrong password and unknown email get the same answer; a throttled attempt says when to come
    // back; an outage says so (R-SEC-THROTTLE). Redirects are rethrown.
    if (err instanceof AuthError) return { ok: false, message: signInFailureMessage(err) };
    throw err;
  }
});

const WRONG_CODE =
  "This code is not valid. Enter the newest code from your app, or a recovery code.";

/** Second step of a two-factor login: the challenge of the password step and a code. */
export const loginCodeAction = publicAction(loginCodeSchema, async ({ challenge, code, next }) => {
  try {
    await signIn("admin", { challenge, code, redirectTo: safeNextPath(next, "/admin") });
  } catch (err) {
    const step = adminLoginStep(err);
    if (step?.next === "wrong_code")
      return { ok: false, message: WRONG_CODE, fieldErrors: { code: [WRONG_CODE] } };
    if (step?.next === "restart")
      return {
        ok: false,
        message: "This login has expired or is no longer valid. Log in again.",
        data: { restart: "1" },
      };
    if (step?.next === "code_throttled")
      return {
        ok: false,
        message: `Too many wrong codes. Wait ${CODE_ATTEMPT_WINDOW_MINUTES} minutes, then log in again.`,
        data: { restart: "1" },
      };
    if (err instanceof AuthError) return { ok: false, message: signInFailureMessage(err) };
    throw err;
  }
});
