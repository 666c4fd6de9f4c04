import type { Metadata } from "next";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { getDb } from "@/db";
import { listApis } from "@/db/queries/apis";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { PolicyForm } from "../policy-form";

export const metadata: Metadata = { title: "New policy" };

export default async function NewPolicyPage() {
  const { orgId, admin } = await requireAdmin();
  const canEdit = roleAllows(admin.role, "admin");
  const apis = canEdit ? await listApis(getDb(), orgId) : [];
  return (
    <>
      <BackLink href="/admin/policies">Policies</BackLink>
      <PageHeader
        title="New policy"
        description="Limits and access rights for the keys that will carry it."
      />
      {canEdit ? (
        <Card>
          <CardBody>
            <PolicyForm apis={apis} />
          </CardBody>
        </Card>
      ) : (
        <ReadOnlyNotice role={admin.role} />
      )}
    </>
  );
}
