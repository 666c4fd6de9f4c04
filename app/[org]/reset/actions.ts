"use server";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { portalAction } from "@/lib/actions/safe-action";
import { setPasswordWithLink } from "@/lib/developers/password";
import { requestPasswordReset } from "@/lib/developers/reset";
import { outcomeToState } from "@/lib/outcome";
import { emailFlowGate } from "@/lib/throttle/email-flows";
import { waitText } from "@/lib/throttle/limiter";
import { requestClientAddress } from "@/lib/throttle/request";
import { appBaseUrl } from "@/lib/url";
import { emailField } from "@/lib/validation/common";
import { newPasswordSchema } from "@/lib/validation/password";

export const requestResetAction = portalAction(
  () => z.object({ email: emailField }),
  async ({ email }, org) => {
    const portalUrl = `${await appBaseUrl()}/${org.slug}`;
    // R-SEC-THROTTLE: per address ("try again in …") and per email (beyond: no email, same answer).
    const gate = await emailFlowGate("reset", {
      scope: org.id,
      email,
      address: await requestClientAddress(),
    });
    if (gate.kind === "refused")
      return {
        ok: false,
        message: `Too many reset requests from your network. Try again in ${waitText(gate.retryAfterMs)}.`,
        values: { email },
      };
    // After the response: the answer and its timing are the same for every address.
    if (gate.kind === "send")
      after(() => requestPasswordReset(getDb(), org, email, portalUrl).then(() => undefined));
    return {
      ok: true,
      message:
        "If an account exists for this email, we have sent a link to reset its password. It works once, for one hour.",
      values: { email },
    };
  },
);

export const resetPasswordAction = portalAction(
  (org) => newPasswordSchema(org.minPasswordLength),
  async ({ token, password }, org) => {
    const r = await setPasswordWithLink(getDb(), org, "password_reset", token, password);
    if (!r.ok) return outcomeToState(r);
    redirect(`/${org.slug}/login?passwordSet=1`);
  },
);
