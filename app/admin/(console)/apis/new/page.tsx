import type { Metadata } from "next";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { ApiForm } from "../api-form";

export const metadata: Metadata = { title: "New API" };

export default async function NewApiPage() {
  const { admin } = await requireAdmin();
  const canEdit = roleAllows(admin.role, "admin");
  return (
    <>
      <BackLink href="/admin/apis">APIs</BackLink>
      <PageHeader title="New API" description="Gateways route calls to it by its listen path." />
      {canEdit ? (
        <Card>
          <CardBody>
            <ApiForm />
          </CardBody>
        </Card>
      ) : (
        <ReadOnlyNotice role={admin.role} />
      )}
    </>
  );
}
