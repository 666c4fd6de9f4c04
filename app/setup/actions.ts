"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { publicAction } from "@/lib/actions/safe-action";
import { signIn } from "@/lib/auth";
import { setupFirstOrganisation } from "@/lib/setup";
import { setupSchema } from "@/lib/validation/auth";

export const setupAction = publicAction(setupSchema, async (input) => {
  const result = await setupFirstOrganisation(getDb(), input);
  if (!result.ok) redirect("/admin/login");
  await signIn("admin", { email: input.email, password: input.password, redirectTo: "/admin" });
});
