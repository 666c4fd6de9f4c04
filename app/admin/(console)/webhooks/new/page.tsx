import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardBody } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { CreateWebhookForm } from "../webhook-form";

export const metadata: Metadata = { title: "Add webhook endpoint" };

export default async function NewWebhookPage() {
  const { admin } = await requireAdmin();
  // Viewers have nothing to do here; the action refuses them anyway.
  if (!roleAllows(admin.role, "admin")) redirect("/admin/webhooks");
  return (
    <>
      <BackLink href="/admin/webhooks">Webhooks</BackLink>
      <PageHeader
        title="Add endpoint"
        description="Gatehouse signs every delivery with the endpoint's secret, shown once after you add it."
      />
      <Card>
        <CardBody>
          <CreateWebhookForm />
        </CardBody>
      </Card>
    </>
  );
}
