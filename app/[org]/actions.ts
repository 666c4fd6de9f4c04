"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { portalAction, publicAction } from "@/lib/actions/safe-action";
import { signIn, signOut } from "@/lib/auth";
import { signUpDeveloper } from "@/lib/developers/signup";
import { appBaseUrl } from "@/lib/url";
import { loginSchema, signupSchema } from "@/lib/validation/auth";
import { safeNextPath, slugField } from "@/lib/validation/common";

const orgField = z.object({ org: slugField });

export const loginDeveloperAction = publicAction(
  loginSchema.extend(orgField.shape),
  async ({ org, email, password, next }) => {
    // Only pages of this portal are valid targets after login.
    const target = safeNextPath(next, `/${org}/dashboard`);
    try {
      await signIn("developer", {
        org,
        email,
        password,
        redirectTo: target.startsWith(`/${org}/`) ? target : `/${org}/dashboard`,
      });
    } catch (err) {
      if (err instanceof AuthError)
        return { ok: false, message: "Email or password is incorrect." };
      throw err;
    }
  },
);

/** Signup answers the same whether or not the email already has an account (see docs/DECISIONS.md). */
export const signupDeveloperAction = portalAction(
  (org) => signupSchema(org.minPasswordLength, org.signupFields),
  async (input, org) => {
    await signUpDeveloper(getDb(), org, input, `${await appBaseUrl()}/${org.slug}`);
    redirect(`/${org.slug}/login?signedUp=1`);
  },
);

export async function logoutDeveloperAction(formData: FormData) {
  const org = slugField.safeParse(formData.get("org"));
  await signOut({ redirectTo: org.success ? `/${org.data}/login` : "/" });
}
