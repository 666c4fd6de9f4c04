import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/ui/auth-card";
import { getDb } from "@/db";
import { countOrganisations } from "@/db/queries/organisations";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Gatehouse" };

export default async function SetupPage() {
  await connection();
  if ((await countOrganisations(getDb())) > 0) redirect("/admin/login");
  return (
    <AuthCard
      title="Set up Gatehouse"
      subtitle="Create your organisation and its owner account. This page is only available until it is done."
    >
      <SetupForm />
    </AuthCard>
  );
}
