"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { portalAction } from "@/lib/actions/safe-action";
import { setPasswordWithLink } from "@/lib/developers/password";
import { outcomeToState } from "@/lib/outcome";
import { newPasswordSchema } from "@/lib/validation/password";

/** Invitation link → choose a password → log in. Public: the single-use token is the credential. */
export const acceptInvitationAction = portalAction(
  (org) => newPasswordSchema(org.minPasswordLength),
  async ({ token, password }, org) => {
    const r = await setPasswordWithLink(getDb(), org, "invitation", token, password);
    if (!r.ok) return outcomeToState(r);
    redirect(`/${org.slug}/login?passwordSet=1`);
  },
);
