import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { BackLink } from "@/components/ui/back-link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getDelivery, getWebhook } from "@/db/queries/webhooks";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { parseId } from "@/lib/validation/ids";
import { deliveryBody } from "@/lib/webhooks/deliver";
import { DeliveryStatus } from "../../delivery-status";
import { ResendButton } from "../../resend-button";

export const metadata: Metadata = { title: "Webhook delivery" };

export default async function DeliveryPage({
  params,
}: {
  params: Promise<{ id: string; deliveryId: string }>;
}) {
  const { orgId, admin } = await requireAdmin();
  const db = getDb();
  const p = await params;
  const id = parseId(p.id, "whk") ?? notFound();
  const deliveryId = parseId(p.deliveryId, "whd") ?? notFound();
  const delivery = await getDelivery(db, orgId, deliveryId);
  // The URL's endpoint must be the delivery's own, within this organisation.
  const endpoint = delivery?.webhookId === id ? await getWebhook(db, orgId, id) : null;
  if (!delivery || !endpoint) notFound();
  const canResend = roleAllows(admin.role, "admin") && endpoint.active;
  const payload = JSON.stringify(JSON.parse(deliveryBody(delivery.payload)), null, 2);
  return (
    <>
      <BackLink href={`/admin/webhooks/${endpoint.id}`}>Endpoint</BackLink>
      <PageHeader
        title="Delivery"
        description={<code className="break-all font-mono">{delivery.id}</code>}
        actions={
          canResend ? <ResendButton deliveryId={delivery.id} event={delivery.event} /> : undefined
        }
      />
      <Card>
        <CardHeader
          title={<span className="font-mono">{delivery.event}</span>}
          description={<span className="break-all">to {endpoint.url}</span>}
        />
        <CardBody className="space-y-4">
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-600">Status</dt>
            <dd>
              <DeliveryStatus status={delivery.status} attempts={delivery.attempts} />
            </dd>
            <dt className="text-slate-600">Attempts</dt>
            <dd>{delivery.attempts}</dd>
            <dt className="text-slate-600">Last response</dt>
            <dd>{delivery.lastResponseCode ?? "—"}</dd>
            <dt className="text-slate-600">Next attempt</dt>
            <dd>{delivery.status === "pending" ? formatDateTime(delivery.nextAttemptAt) : "—"}</dd>
            <dt className="text-slate-600">Delivered</dt>
            <dd>{formatDateTime(delivery.deliveredAt)}</dd>
            <dt className="text-slate-600">Created</dt>
            <dd>{formatDateTime(delivery.createdAt)}</dd>
          </dl>
          {delivery.lastError && delivery.status !== "delivered" && (
            <Alert tone="error" title="Last error">
              {delivery.lastError}
            </Alert>
          )}
          <section aria-labelledby="payload-heading">
            <h2 id="payload-heading" className="mb-2 text-sm font-semibold text-slate-800">
              Payload
            </h2>
            <pre
              data-testid="delivery-payload"
              tabIndex={0}
              className="overflow-x-auto rounded-md bg-slate-50 p-4 font-mono text-xs text-slate-800"
            >
              {payload}
            </pre>
          </section>
        </CardBody>
      </Card>
    </>
  );
}
