import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DeveloperForm } from "../developer-form";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Add developer" };

export default async function NewDeveloperPage() {
  const { org, admin } = await requireAdmin();
  if (!roleAllows(admin.role, "admin")) redirect("/admin/developers");
  return (
    <>
      <PageHeader
        title="Add developer"
        description="Create an account and either set its password or invite the developer to choose one."
      />
      <Card>
        <CardBody>
          <DeveloperForm
            fields={org.signupFields}
            minPasswordLength={Math.max(6, org.minPasswordLength)}
          />
        </CardBody>
      </Card>
    </>
  );
}
