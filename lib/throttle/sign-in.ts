import { CredentialsSignin } from "next-auth";
import { waitText } from "./limiter";
import { guardLogin, type LoginWho } from "./login";

/** Thrown from a Credentials `authorize` when the login is throttled (code "throttled"). */
export class ThrottledSignin extends CredentialsSignin {
  constructor(readonly retryAfterMs: number) {
    super();
    this.code = "throttled";
  }
}

/**
 * Wraps a Credentials provider's `authorize`: the throttle runs first — for the login forms
 * (signIn from a server action) and for a direct POST to /api/auth/callback/<id> alike.
 */
export async function authorizeThrottled<U>(
  who: LoginWho,
  attempt: () => Promise<U | null>,
): Promise<U | null> {
  const r = await guardLogin(who, attempt);
  if (r.status === "throttled") throw new ThrottledSignin(r.retryAfterMs);
  return r.status === "ok" ? r.value : null;
}

export const SIGN_IN_MESSAGES = {
  invalid: "Email or password is incorrect.",
  unavailable: "Sign-in is unavailable, try again shortly.",
  throttled: (retryAfterMs: number) => `Too many attempts, try again in ${waitText(retryAfterMs)}.`,
} as const;

/**
 * What a login form says for an error of signIn(). Wrong credentials and unknown emails get the
 * same answer; a throttled attempt says when to come back; anything else (the database or Redis
 * is down, a configuration error) is an outage, never "incorrect". Checked by `type` and `code`
 * rather than instanceof, so a second bundled copy of next-auth's classes still matches.
 */
export function signInFailureMessage(err: unknown): string {
  const e = err as { type?: unknown; code?: unknown; retryAfterMs?: unknown } | null;
  if (e?.type !== "CredentialsSignin") return SIGN_IN_MESSAGES.unavailable;
  if (e.code === "throttled")
    return SIGN_IN_MESSAGES.throttled(typeof e.retryAfterMs === "number" ? e.retryAfterMs : 60_000);
  return SIGN_IN_MESSAGES.invalid;
}
