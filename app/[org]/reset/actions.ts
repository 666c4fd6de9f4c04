"use server";
import { after } from "next/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import { formToObject } from "@/lib/actions/safe-action";
import type { ActionState } from "@/lib/actions/state";
import { setPasswordWithLink } from "@/lib/developers/password";
import { requestPasswordReset } from "@/lib/developers/reset";
import { appBaseUrl } from "@/lib/url";
import { emailField } from "@/lib/validation/common";
import { newPasswordSchema } from "@/lib/validation/password";

const requestSchema = z.object({ org: z.string(), email: emailField });

export async function requestResetAction(
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const values = formToObject(formData);
  const parsed = requestSchema.safeParse(values);
  if (!parsed.success)
    return {
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
      values,
    };
  const db = getDb();
  const org = await getOrganisationBySlug(db, parsed.data.org);
  if (!org) return { ok: false, message: "This portal does not exist." };
  const portalUrl = `${await appBaseUrl()}/${org.slug}`;
  // After the response: the answer and its timing are the same for every address.
  after(() => requestPasswordReset(db, org, parsed.data.email, portalUrl).then(() => undefined));
  return {
    ok: true,
    message:
      "If an account exists for this email, we have sent a link to reset its password. It works once, for one hour.",
    values: { email: parsed.data.email },
  };
}

export async function resetPasswordAction(
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
    "password_reset",
    parsed.data.token,
    parsed.data.password,
  );
  if (!r.ok) return { ok: false, message: r.error };
  redirect(`/${org.slug}/login?passwordSet=1`);
}
