"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { developerAction, portalAction } from "@/lib/actions/safe-action";
import { confirmEmail, sendVerificationEmail } from "@/lib/developers/verify";
import { outcomeToState } from "@/lib/outcome";
import { emailFlowGate } from "@/lib/throttle/email-flows";
import { waitText } from "@/lib/throttle/limiter";
import { requestClientAddress } from "@/lib/throttle/request";
import { appBaseUrl } from "@/lib/url";
import { linkTokenField } from "@/lib/validation/ids";

/** A button press, not the GET of the link, spends the token: mail scanners that open links do not. */
export const confirmEmailAction = portalAction(
  () => z.object({ token: linkTokenField }),
  async ({ token }, org) => {
    const confirmed = await confirmEmail(getDb(), org, token);
    if (!confirmed.ok) return outcomeToState(confirmed);
    redirect(`/${org.slug}/dashboard?verified=1`);
  },
);

export const resendVerificationAction = developerAction(
  z.object({ org: z.string() }),
  async (_input, ctx) => {
    if (ctx.developer.emailVerifiedAt)
      return { ok: true, message: "Your email is already confirmed." };
    // R-SEC-THROTTLE: a few links per hour; the developer is signed in, so the answer may say so.
    const gate = await emailFlowGate("verification", {
      scope: ctx.orgId,
      email: ctx.developer.email,
      address: await requestClientAddress(),
    });
    if (gate.kind !== "send")
      return {
        ok: false,
        message:
          gate.kind === "refused"
            ? `Too many requests from your network. Try again in ${waitText(gate.retryAfterMs)}.`
            : "We sent you several links in the last hour. Use the newest one, or try again later.",
      };
    await sendVerificationEmail(
      getDb(),
      ctx.org,
      ctx.developer,
      `${await appBaseUrl()}/${ctx.org.slug}`,
    );
    return { ok: true, message: `We sent a new link to ${ctx.developer.email}.` };
  },
);
