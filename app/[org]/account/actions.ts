"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { developerAction } from "@/lib/actions/safe-action";
import { signIn } from "@/lib/auth";
import { changeOwnPassword, updateOwnProfile } from "@/lib/developers/profile";
import { outcomeToState } from "@/lib/outcome";
import { passwordField } from "@/lib/validation/password";
import { ownProfileSchema } from "@/lib/validation/developers";

const org = z.string();

export const updateProfileAction = developerAction(
  (ctx) => ownProfileSchema(ctx.org.signupFields),
  async (input, ctx) => {
    const r = await updateOwnProfile(getDb(), ctx.developer, ctx.org.signupFields, input);
    if (r.ok) revalidatePath(`/${ctx.org.slug}/account`);
    return outcomeToState(r);
  },
);

/** A password change ends other sessions; this browser signs in again with the new password. */
export const changePasswordAction = developerAction(
  (ctx) =>
    z
      .object({
        org,
        currentPassword: z.string().min(1, "Enter your current password."),
        password: passwordField(ctx.org.minPasswordLength),
        confirm: z.string(),
      })
      .refine((v) => v.password === v.confirm, {
        path: ["confirm"],
        message: "The two passwords differ.",
      }),
  async (input, ctx) => {
    const r = await changeOwnPassword(
      getDb(),
      ctx.developer,
      input.currentPassword,
      input.password,
    );
    if (!r.ok) return outcomeToState(r);
    await signIn("developer", {
      org: ctx.org.slug,
      email: ctx.developer.email,
      password: input.password,
      redirectTo: `/${ctx.org.slug}/account?saved=password`,
    });
  },
);
