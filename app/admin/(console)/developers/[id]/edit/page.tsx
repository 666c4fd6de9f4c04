import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { DeveloperForm } from "../../developer-form";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getDeveloper } from "@/db/queries/developers";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { parseId } from "@/lib/validation/ids";

export const metadata: Metadata = { title: "Edit developer" };

export default async function EditDeveloperPage({ params }: { params: Promise<{ id: string }> }) {
  const { org, orgId, admin } = await requireAdmin();
  const id = parseId((await params).id, "dev") ?? notFound();
  if (!roleAllows(admin.role, "admin")) redirect(`/admin/developers/${id}`);
  const dev = await getDeveloper(getDb(), orgId, id);
  if (!dev) notFound();
  return (
    <>
      <PageHeader
        title={`Edit ${dev.email}`}
        description="Editing the profile never changes the developer's keys."
      />
      <Card>
        <CardBody>
          <DeveloperForm
            fields={org.signupFields}
            minPasswordLength={org.minPasswordLength}
            initial={{
              developerId: dev.id,
              email: dev.email,
              name: dev.name,
              telephone: dev.telephone,
              country: dev.country,
              customFields: dev.customFields,
            }}
          />
        </CardBody>
      </Card>
    </>
  );
}
