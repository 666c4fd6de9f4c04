"use server";
import { z } from "zod";
import { getDb } from "@/db";
import { publicAction } from "@/lib/actions/safe-action";
import { confirmAdminEmailChange } from "@/lib/admins/email-change";
import { outcomeToState } from "@/lib/outcome";
import { linkTokenField } from "@/lib/validation/ids";

/**
 * R-SEC-EMAIL-CHANGE: a button press, not the GET of the link, confirms an admin's new email.
 * The link is the credential (no session needed: every session ends with the change anyway).
 */
export const confirmAdminEmailChangeAction = publicAction(
  z.object({ token: linkTokenField }),
  async ({ token }) => outcomeToState(await confirmAdminEmailChange(getDb(), token)),
);
