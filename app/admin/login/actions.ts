"use server";
import { AuthError } from "next-auth";
import { publicAction } from "@/lib/actions/safe-action";
import { signIn } from "@/lib/auth";
import { signInFailureMessage } from "@/lib/throttle/sign-in";
import { loginSchema } from "@/lib/validation/auth";
import { safeNextPath } from "@/lib/validation/common";

export const loginAdminAction = publicAction(loginSchema, async ({ email, password, next }) => {
  try {
    await signIn("admin", { email, password, redirectTo: safeNextPath(next, "/admin") });
  } catch (err) {
    // Wrong password and unknown email get the same answer; a throttled attempt says when to come
    // back; an outage says so (R-SEC-THROTTLE). Redirects are rethrown.
    if (err instanceof AuthError) return { ok: false, message: signInFailureMessage(err) };
    throw err;
  }
});
