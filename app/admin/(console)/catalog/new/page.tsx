import type { Metadata } from "next";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { getDb } from "@/db";
import { listPolicyOptions } from "@/db/queries/policies";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { CatalogForm } from "../catalog-form";

export const metadata: Metadata = { title: "New catalog entry" };

export default async function NewCatalogEntryPage() {
  const { orgId, admin, org } = await requireAdmin();
  const canEdit = roleAllows(admin.role, "admin");
  const policies = canEdit ? await listPolicyOptions(getDb(), orgId) : [];
  return (
    <>
      <BackLink href="/admin/catalog">Catalog</BackLink>
      <PageHeader title="New catalog entry" description="Publish a policy to developers." />
      {canEdit ? (
        <Card>
          <CardBody>
            <CatalogForm policies={policies} orgMode={org.keyRequestMode} />
          </CardBody>
        </Card>
      ) : (
        <ReadOnlyNotice role={admin.role} />
      )}
    </>
  );
}
