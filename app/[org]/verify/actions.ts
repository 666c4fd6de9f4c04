"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import { developerAction, formToObject } from "@/lib/actions/safe-action";
import type { ActionState } from "@/lib/actions/state";
import { confirmEmail, sendVerificationEmail } from "@/lib/developers/verify";
import { appBaseUrl } from "@/lib/url";

/** A button press, not the GET of the link, spends the token: mail scanners that open links do not. */
export async function confirmEmailAction(
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const v = z
    .object({ org: z.string(), token: z.string().min(10) })
    .safeParse(formToObject(formData));
  if (!v.success) return { ok: false, message: "This link is incomplete." };
  const db = getDb();
  const org = await getOrganisationBySlug(db, v.data.org);
  if (!org || !(await confirmEmail(db, org, v.data.token)))
    return {
      ok: false,
      message:
        "This link has expired or was already used. Send yourself a new one from your dashboard.",
    };
  redirect(`/${org.slug}/dashboard?verified=1`);
}

export const resendVerificationAction = developerAction(
  z.object({ org: z.string() }),
  async (_input, ctx) => {
    if (ctx.developer.emailVerifiedAt)
      return { ok: true, message: "Your email is already confirmed." };
    await sendVerificationEmail(
      getDb(),
      ctx.org,
      ctx.developer,
      `${await appBaseUrl()}/${ctx.org.slug}`,
    );
    return { ok: true, message: `We sent a new link to ${ctx.developer.email}.` };
  },
);
