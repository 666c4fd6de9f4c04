"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { portalAction, publicAction } from "@/lib/actions/safe-action";
import { signIn, signOut } from "@/lib/auth";
import { signUpDeveloper } from "@/lib/developers/signup";
import { waitText } from "@/lib/throttle/limiter";
import { emailFlowGate } from "@/lib/throttle/email-flows";
import { requestClientAddress } from "@/lib/throttle/request";
import { signInFailureMessage } from "@/lib/throttle/sign-in";
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
      if (err instanceof AuthError) return { ok: false, message: signInFailureMessage(err) };
      throw err;
    }
  },
);

/** Signup answers the same whether or not the email already has an account (see docs/DECISIONS.md). */
export const signupDeveloperAction = portalAction(
  (org) => signupSchema(org.minPasswordLength, org.signupFields),
  async (input, org) => {
    // R-SEC-THROTTLE: per address ("try again in …") and per email (beyond: nothing is sent or
    // created, and the answer is the same).
    const gate = await emailFlowGate("signup", {
      scope: org.id,
      email: input.email,
      address: await requestClientAddress(),
    });
    if (gate.kind === "refused")
      return {
        ok: false,
        message: `Too many sign-ups from your network. Try again in ${waitText(gate.retryAfterMs)}.`,
      };
    if (gate.kind === "send")
      await signUpDeveloper(getDb(), org, input, `${await appBaseUrl()}/${org.slug}`);
    redirect(`/${org.slug}/login?signedUp=1`);
  },
);

export async function logoutDeveloperAction(formData: FormData) {
  const org = slugField.safeParse(formData.get("org"));
  await signOut({ redirectTo: org.success ? `/${org.data}/login` : "/" });
}
