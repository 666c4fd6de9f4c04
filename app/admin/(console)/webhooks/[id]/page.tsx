import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ConfirmDeleteDialog } from "@/components/forms/confirm-delete-dialog";
import { BackLink } from "@/components/ui/back-link";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { getDb } from "@/db";
import { getWebhook, listDeliveries } from "@/db/queries/webhooks";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { parseId } from "@/lib/validation/ids";
import { deleteWebhookAction } from "../actions";
import { EditWebhookForm } from "../webhook-form";
import { AutoRefresh } from "./auto-refresh";
import { DeliveryLog } from "./delivery-log";
import { attemptDueSoon } from "./delivery-status";
import { EndpointActions } from "./endpoint-actions";

export const metadata: Metadata = { title: "Webhook endpoint" };
const PAGE_SIZE = 25;

export default async function WebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { orgId, admin } = await requireAdmin();
  const db = getDb();
  const endpoint = await getWebhook(db, orgId, parseId((await params).id, "whk") ?? notFound());
  if (!endpoint) notFound();
  const page = z.coerce
    .number()
    .int()
    .min(1)
    .catch(1)
    .parse((await searchParams).page);
  const { rows, total } = await listDeliveries(db, orgId, endpoint.id, {
    page,
    pageSize: PAGE_SIZE,
  });
  const canEdit = roleAllows(admin.role, "admin");
  const soon = endpoint.active && attemptDueSoon(rows);
  return (
    <>
      <BackLink href="/admin/webhooks">Webhooks</BackLink>
      <PageHeader
        title="Webhook endpoint"
        description={
          <code className="break-all font-mono text-slate-800" data-testid="endpoint-url">
            {endpoint.url}
          </code>
        }
      />
      {!canEdit && <ReadOnlyNotice role={admin.role} />}
      <AutoRefresh active={soon} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Overview"
            description={
              <>
                {endpoint.active ? <Badge tone="green">Active</Badge> : <Badge>Disabled</Badge>} ·
                Secret <code className="font-mono">{endpoint.secretStart}…</code> · Created{" "}
                {formatDateTime(endpoint.createdAt)}
              </>
            }
          />
          {canEdit && (
            <CardBody>
              <EndpointActions id={endpoint.id} active={endpoint.active} />
            </CardBody>
          )}
        </Card>
        <Card>
          <CardHeader
            title="Delivery log"
            description="Newest first. Failed attempts are retried with backoff: 10 s, 30 s, 2 min, 10 min, 1 h … up to 8 attempts."
          />
          <DeliveryLog
            webhookId={endpoint.id}
            rows={rows}
            total={total}
            page={page}
            pageSize={PAGE_SIZE}
            canResend={canEdit && endpoint.active}
          />
        </Card>
        <Card>
          <CardHeader title="Settings" />
          <CardBody>
            <EditWebhookForm endpoint={endpoint} readOnly={!canEdit} />
          </CardBody>
        </Card>
        {canEdit && (
          <Card className="border-red-200">
            <CardHeader
              title="Delete this endpoint"
              description="It stops receiving events and its delivery log is deleted."
              actions={
                <ConfirmDeleteDialog
                  action={deleteWebhookAction}
                  id={endpoint.id}
                  title="Delete this endpoint?"
                  triggerLabel="Delete endpoint"
                  confirmLabel="Delete endpoint"
                >
                  <p className="break-all">
                    <code className="font-mono">{endpoint.url}</code> stops receiving events, and
                    its {total} logged {total === 1 ? "delivery is" : "deliveries are"} deleted,
                    pending retries included. This cannot be undone.
                  </p>
                </ConfirmDeleteDialog>
              }
            />
          </Card>
        )}
      </div>
    </>
  );
}
