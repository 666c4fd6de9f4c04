"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { developerAction } from "@/lib/actions/safe-action";
import {
  cancelEmailChange,
  requestEmailChange,
  resendEmailChange,
} from "@/lib/developers/email-change";
import { outcomeToState } from "@/lib/outcome";
import { emailChangeRefusal, emailChangeResendRefusal } from "@/lib/throttle/email-change-gate";
import { emailField } from "@/lib/validation/common";

const org = z.string();

/**
 * R-SEC-EMAIL-CHANGE: asking for a new email sends a link to it; the login stays the same until
 * that link is confirmed. The answer is the same whether or not the address has an account.
 */
export const changeEmailAction = developerAction(
  z.object({
    org,
    email: emailField,
    currentPassword: z.string().min(1, "Enter your current password."),
  }),
  async (input, ctx) => {
    // R-SEC-THROTTLE: per client address and per new address (counted whether or not it exists).
    const refused = await emailChangeRefusal(ctx.orgId, input.email);
    if (refused) return refused;
    const r = await requestEmailChange(getDb(), ctx.org, ctx.developer, input);
    if (r.ok) revalidatePath(`/${ctx.org.slug}/account`);
    return outcomeToState(r);
  },
);

export const resendEmailChangeAction = developerAction(z.object({ org }), async (_input, ctx) => {
  const refused = await emailChangeResendRefusal(ctx.developer.id);
  if (refused) return refused;
  const r = await resendEmailChange(getDb(), ctx.org, ctx.developer);
  revalidatePath(`/${ctx.org.slug}/account`);
  return outcomeToState(r);
});

export const cancelEmailChangeAction = developerAction(z.object({ org }), async (_input, ctx) => {
  const cancelled = await cancelEmailChange(getDb(), ctx.org, ctx.developer);
  revalidatePath(`/${ctx.org.slug}/account`);
  return {
    ok: true,
    message: cancelled
      ? "Email change cancelled. Your email stays as it is."
      : "No email change was waiting.",
  };
});
