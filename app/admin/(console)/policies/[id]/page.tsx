import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConfirmDeleteDialog } from "@/components/forms/confirm-delete-dialog";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { getDb } from "@/db";
import { listApis } from "@/db/queries/apis";
import { countKeysWithPolicy, getPolicy } from "@/db/queries/policies";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { parseId } from "@/lib/validation/ids";
import { policyInUse } from "@/lib/policies/policy-admin";
import { deletePolicyAction } from "../actions";
import { formatExpiry, formatQuota, formatRate } from "@/lib/policies/format";
import { PolicyForm } from "../policy-form";

export const metadata: Metadata = { title: "Policy" };

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const { orgId, admin } = await requireAdmin();
  const db = getDb();
  const policy = await getPolicy(db, orgId, parseId((await params).id, "pol") ?? notFound());
  if (!policy) notFound();
  const [apis, keyCount, inUse] = await Promise.all([
    listApis(db, orgId),
    countKeysWithPolicy(db, orgId, policy.id),
    policyInUse(db, orgId, policy.id),
  ]);
  const canEdit = roleAllows(admin.role, "admin");
  const summary = `${formatRate(policy.rate, policy.per)} · quota ${formatQuota(policy.quotaMax, policy.quotaRenewalSeconds)} · keys expire: ${formatExpiry(policy.keyExpiresInSeconds).toLowerCase()}`;
  return (
    <>
      <BackLink href="/admin/policies">Policies</BackLink>
      <PageHeader title={policy.name} description={summary} />
      {!canEdit && <ReadOnlyNotice role={admin.role} />}
      <div className="space-y-6">
        {keyCount > 0 && canEdit && (
          <Alert tone="info">
            {keyCount === 1 ? "1 key carries" : `${keyCount.toLocaleString("en-GB")} keys carry`}{" "}
            this policy. Saving changes their limits and access at once.
          </Alert>
        )}
        <Card>
          <CardBody>
            <PolicyForm policy={policy} apis={apis} readOnly={!canEdit} />
          </CardBody>
        </Card>
        {canEdit && (
          <Card className="border-red-200">
            <CardHeader
              title="Delete this policy"
              description={
                inUse ??
                "No key carries it and no catalog entry publishes it, so it can be deleted."
              }
              actions={
                inUse ? null : (
                  <ConfirmDeleteDialog
                    action={deletePolicyAction}
                    id={policy.id}
                    title={`Delete “${policy.name}”?`}
                    triggerLabel="Delete policy"
                    confirmLabel="Delete policy"
                  >
                    <p>The policy and its access rights are deleted. This cannot be undone.</p>
                  </ConfirmDeleteDialog>
                )
              }
            />
          </Card>
        )}
      </div>
    </>
  );
}
