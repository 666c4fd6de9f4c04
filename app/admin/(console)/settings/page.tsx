import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { getDb } from "@/db";
import { getPortalSettings } from "@/db/queries/settings";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { getBranding } from "@/db/queries/branding";
import { getOrganisation } from "@/db/queries/organisations";
import { logoPath } from "@/lib/branding/logo";
import { BrandingForm } from "./branding-form";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { orgId, admin } = await requireAdmin();
  const [settings, branding, org] = await Promise.all([
    getPortalSettings(getDb(), orgId),
    getBranding(getDb(), orgId),
    getOrganisation(getDb(), orgId),
  ]);
  if (!settings || !branding || !org) notFound();
  const canEdit = roleAllows(admin.role, "admin");
  return (
    <>
      <PageHeader
        title="Settings"
        description="How your developer portal behaves. Owners and admins can change them."
      />
      {!canEdit && <ReadOnlyNotice role={admin.role} />}
      <div className="space-y-6">
        <SettingsForm settings={settings} installSender={env().EMAIL_FROM} readOnly={!canEdit} />
        <BrandingForm
          accentColor={branding.accentColor}
          logoUrl={branding.logoVersion ? logoPath(org.slug, branding.logoVersion) : null}
          readOnly={!canEdit}
        />
      </div>
    </>
  );
}
