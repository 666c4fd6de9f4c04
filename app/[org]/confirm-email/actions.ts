"use server";
import { z } from "zod";
import { getDb } from "@/db";
import { portalAction } from "@/lib/actions/safe-action";
import { confirmEmailChange } from "@/lib/developers/email-change";
import { outcomeToState } from "@/lib/outcome";
import { linkTokenField } from "@/lib/validation/ids";

/**
 * R-SEC-EMAIL-CHANGE: a button press, not the GET of the link, confirms the new email (mail
 * scanners open links). Every session ends, so the answer asks to log in with the new address.
 */
export const confirmEmailChangeAction = portalAction(
  () => z.object({ token: linkTokenField }),
  async ({ token }, org) => {
    const r = await confirmEmailChange(getDb(), org, token);
    if (!r.ok) return outcomeToState(r);
    return { ok: true, message: r.message, data: { newEmail: r.value.newEmail } };
  },
);
