"use server";
import { z } from "zod";
import { getDb } from "@/db";
import { portalAction } from "@/lib/actions/safe-action";
import { confirmEmailChange } from "@/lib/developers/email-change";
import { linkTokenField } from "@/lib/validation/ids";

/**
 * R-SEC-EMAIL-CHANGE: a button press, not the GET of the link, confirms the new email (mail
 * scanners open links). Every session ends, so the answer asks to log in with the new address.
 */
export const confirmEmailChangeAction = portalAction(
  () => z.object({ token: linkTokenField }),
  async ({ token }, org) => {
    const r = await confirmEmailChange(getDb(), org, token);
    if (r.ok)
      return {
        ok: true,
        message: `Your email is now ${r.newEmail}. Log in with it.`,
        data: { newEmail: r.newEmail },
      };
    return {
      ok: false,
      message:
        r.reason === "taken"
          ? "This email already has an account in this portal, so it cannot become the email of another one. Nothing was changed."
          : "This link has expired or was already used. Ask for a new one from Edit profile.",
    };
  },
);
