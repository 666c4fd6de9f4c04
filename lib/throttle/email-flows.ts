import { getThrottle, type Throttle } from "./limiter";

/** Flows that email an address someone typed: signup, password reset, email change, verification. */
export type EmailFlow = "signup" | "reset" | "email_change" | "verification";

export type EmailGate =
  /** Go ahead and send. */
  | { kind: "send" }
  /** Answer exactly as if sent, but send nothing: this address had enough email for now. */
  | { kind: "quiet" }
  /** Too many requests from this client address: say so, with when to come back. */
  | { kind: "refused"; retryAfterMs: number };

/**
 * R-SEC-THROTTLE for flows that email someone: per client address (answered "try again in …")
 * and per target email (beyond the limit, silently no email — the answer stays identical, so it
 * never tells whether the email has an account). Counted per email whether or not it exists.
 */
export async function emailFlowGate(
  flow: EmailFlow,
  who: { scope: string; email: string; address: string },
  throttle: Throttle = getThrottle(),
): Promise<EmailGate> {
  const byAddress = await throttle.take("emailAddress", `${flow}:${who.address}`);
  if (!byAddress.allowed) return { kind: "refused", retryAfterMs: byAddress.retryAfterMs };
  const email = who.email.trim().toLowerCase();
  const byEmail = await throttle.take("emailTarget", `${flow}:${who.scope}:${email}`);
  return byEmail.allowed ? { kind: "send" } : { kind: "quiet" };
}
