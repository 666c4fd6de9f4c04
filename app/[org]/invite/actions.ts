"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import { formToObject } from "@/lib/actions/safe-action";
import type { ActionState } from "@/lib/actions/state";
import { setPasswordWithLink } from "@/lib/developers/password";
import { newPasswordSchema } from "@/lib/validation/password";

/** Invitation link → choose a password → log in. Public: the single-use token is the credential. */
export async function acceptInvitationAction(
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const values = formToObject(formData);
  const db = getDb();
  const org = typeof values.org === "string" ? await getOrganisationBySlug(db, values.org) : null;
  if (!org) return { ok: false, message: "This portal does not exist." };
  const parsed = newPasswordSchema(org.minPasswordLength).safeParse(values);
  if (!parsed.success)
    return {
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
    };
  const r = await setPasswordWithLink(
    db,
    org,
    "invitation",
    parsed.data.token,
    parsed.data.password,
  );
  if (!r.ok) return { ok: false, message: r.error };
  redirect(`/${org.slug}/login?passwordSet=1`);
}
