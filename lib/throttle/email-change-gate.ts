import type { ActionState } from "@/lib/actions/state";
import { emailFlowGate } from "./email-flows";
import { getThrottle, waitText } from "./limiter";
import { requestClientAddress } from "./request";

export const TOO_MANY_LINKS =
  "We sent several links to this address in the last hour. Use the newest one, or try again later.";

/**
 * R-SEC-THROTTLE for an email change request (developer or admin): per client address and per
 * new address. Null to go ahead; otherwise the form's answer.
 */
export async function emailChangeRefusal(
  scope: string,
  email: string,
): Promise<ActionState | null> {
  const gate = await emailFlowGate("email_change", {
    scope,
    email,
    address: await requestClientAddress(),
  });
  if (gate.kind === "send") return null;
  return {
    ok: false,
    message:
      gate.kind === "refused"
        ? `Too many requests from your network. Try again in ${waitText(gate.retryAfterMs)}.`
        : TOO_MANY_LINKS,
  };
}

/** "Send the link again" of a pending email change: a few per hour per account. */
export async function emailChangeResendRefusal(subjectId: string): Promise<ActionState | null> {
  const gate = await getThrottle().take("emailTarget", `email_change_resend:${subjectId}`);
  return gate.allowed ? null : { ok: false, message: TOO_MANY_LINKS };
}
