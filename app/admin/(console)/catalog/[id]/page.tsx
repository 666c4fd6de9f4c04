import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConfirmDeleteDialog } from "@/components/forms/confirm-delete-dialog";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { getDb } from "@/db";
import { countKeyRequestsOfEntry, getCatalogEntry } from "@/db/queries/catalog";
import { listPolicyOptions } from "@/db/queries/policies";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { parseId } from "@/lib/validation/ids";
import { deleteCatalogEntryAction } from "../actions";
import { CatalogForm } from "../catalog-form";

export const metadata: Metadata = { title: "Catalog entry" };

export default async function CatalogEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const { orgId, admin, org } = await requireAdmin();
  const db = getDb();
  const entry = await getCatalogEntry(db, orgId, parseId((await params).id, "cat") ?? notFound());
  if (!entry) notFound();
  const [policies, requests] = await Promise.all([
    listPolicyOptions(db, orgId),
    countKeyRequestsOfEntry(db, orgId, entry.id),
  ]);
  const canEdit = roleAllows(admin.role, "admin");
  return (
    <>
      <BackLink href="/admin/catalog">Catalog</BackLink>
      <PageHeader title={entry.name} description={`/${org.slug}/catalog/${entry.slug}`} />
      {!canEdit && <ReadOnlyNotice role={admin.role} />}
      <div className="space-y-6">
        <Card>
          <CardBody>
            <CatalogForm
              entry={entry}
              policies={policies}
              orgMode={org.keyRequestMode}
              readOnly={!canEdit}
            />
          </CardBody>
        </Card>
        {canEdit && (
          <Card className="border-red-200">
            <CardHeader
              title="Delete this entry"
              description="Developers can no longer find it or request keys from it. Keys already issued keep working."
              actions={
                <ConfirmDeleteDialog
                  action={deleteCatalogEntryAction}
                  id={entry.id}
                  title={`Delete “${entry.name}”?`}
                  triggerLabel="Delete entry"
                  confirmLabel="Delete entry"
                >
                  <p>
                    {requests.total === 0
                      ? "No key requests were made through it."
                      : `Its ${requests.total} key ${requests.total === 1 ? "request is" : "requests are"} deleted with it${requests.pending ? `, ${requests.pending} of them still pending` : ""}. The audit log keeps the fact.`}
                  </p>
                  <p>Keys already issued keep working. This cannot be undone.</p>
                </ConfirmDeleteDialog>
              }
            />
          </Card>
        )}
      </div>
    </>
  );
}
