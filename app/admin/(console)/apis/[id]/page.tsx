import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmDeleteDialog } from "@/components/forms/confirm-delete-dialog";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { getDb } from "@/db";
import { getApi, listPoliciesGrantingApi } from "@/db/queries/apis";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { parseId } from "@/lib/validation/ids";
import { deleteApiAction } from "../actions";
import { ApiForm } from "../api-form";

export const metadata: Metadata = { title: "API" };

export default async function ApiPage({ params }: { params: Promise<{ id: string }> }) {
  const { orgId, admin } = await requireAdmin();
  const db = getDb();
  const id = parseId((await params).id, "api") ?? notFound();
  const api = await getApi(db, orgId, id);
  if (!api) notFound();
  const granting = await listPoliciesGrantingApi(db, orgId, api.id);
  const canEdit = roleAllows(admin.role, "admin");
  const n = granting.length;
  return (
    <>
      <BackLink href="/admin/apis">APIs</BackLink>
      <PageHeader
        title={api.name}
        description={
          <>
            Listens on <code className="font-mono">{api.listenPath}</code>
          </>
        }
      />
      {!canEdit && <ReadOnlyNotice role={admin.role} />}
      <div className="space-y-6">
        <Card>
          <CardBody>
            <ApiForm api={api} readOnly={!canEdit} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Policies granting this API"
            description={
              n
                ? `${n} ${n === 1 ? "policy grants" : "policies grant"} access.`
                : "No policy grants access yet."
            }
          />
          {n > 0 && (
            <CardBody>
              <ul className="flex flex-wrap gap-2">
                {granting.map((p) => (
                  <li key={p.id}>
                    <Link
                      href={`/admin/policies/${p.id}`}
                      className="rounded-md border border-slate-200 px-2 py-1 text-sm text-brand-700 hover:bg-slate-50"
                    >
                      {p.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </CardBody>
          )}
        </Card>
        {canEdit && (
          <Card className="border-red-200">
            <CardHeader
              title="Delete this API"
              description="Gateways stop recognising its listen path. Its usage history is deleted too."
              actions={
                <ConfirmDeleteDialog
                  action={deleteApiAction}
                  id={api.id}
                  title={`Delete “${api.name}”?`}
                  triggerLabel="Delete API"
                  confirmLabel="Delete API"
                >
                  <p data-testid="delete-impact">
                    {n === 0
                      ? "No policy grants this API, so no key loses access."
                      : `${n} ${n === 1 ? "policy loses" : "policies lose"} access to it: ${granting.map((p) => p.name).join(", ")}. Keys that reach it through ${n === 1 ? "that policy" : "them"} can no longer call it.`}
                  </p>
                  <p>Its usage history is deleted as well. This cannot be undone.</p>
                </ConfirmDeleteDialog>
              }
            />
          </Card>
        )}
      </div>
    </>
  );
}
