import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { getDb } from "@/db";
import { getPortalSettings } from "@/db/queries/settings";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { orgId, admin } = await requireAdmin();
  const settings = await getPortalSettings(getDb(), orgId);
  if (!settings) notFound();
  const canEdit = roleAllows(admin.role, "admin");
  return (
    <>
      <PageHeader
        title="Settings"
        description="How your developer portal behaves. Owners and admins can change them."
      />
      {!canEdit && <ReadOnlyNotice role={admin.role} />}
      <SettingsForm settings={settings} installSender={env().EMAIL_FROM} readOnly={!canEdit} />
    </>
  );
}
