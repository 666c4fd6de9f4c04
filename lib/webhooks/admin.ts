import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import {
  deleteWebhook,
  getDelivery,
  getWebhook,
  insertWebhook,
  requeueDelivery,
  updateWebhook,
  type WebhookEndpoint,
} from "@/db/queries/webhooks";
import { newId } from "@/lib/ids";
import { type Actor, type Outcome, done, failed } from "@/lib/outcome";
import { outboundUrlError } from "@/lib/net/guarded-fetch";
import { deliverSoon, insertEventDeliveries } from "./emit";
import { PING_EVENT, type WebhookEvent } from "./events";
import { encryptSecret, newWebhookSecret } from "./secret-box";

/**
 * Console operations on webhook endpoints. Each re-reads the row within the organisation (an id
 * from another organisation is simply not found) and writes an audit entry.
 */

type Input = { url: string; events: WebhookEvent[] };
const NOT_FOUND = "That webhook endpoint does not exist.";

function audit(
  db: Db,
  orgId: string,
  actor: Actor,
  action: string,
  targetId: string,
  data: Record<string, unknown> = {},
) {
  return insertAudit(db, orgId, {
    ...actor,
    action,
    targetType: "webhook",
    targetId,
    data,
  });
}

/** A URL deliveries would be refused for (R-SEC-SSRF), as a field error on the form. */
function refusedUrl(url: string): Outcome<never> | null {
  const problem = outboundUrlError(url);
  return problem
    ? failed("invalid", "Please correct the highlighted fields.", { url: [problem] })
    : null;
}

/** Creates an endpoint with a new secret; the plaintext secret is returned once and never stored. */
export async function createWebhook(
  db: Db,
  orgId: string,
  actor: Actor,
  input: Input,
): Promise<Outcome<{ endpoint: WebhookEndpoint; secret: string }>> {
  const refused = refusedUrl(input.url);
  if (refused) return refused;
  const id = newId("whk");
  const { secret, start } = newWebhookSecret();
  const endpoint = await insertWebhook(db, orgId, {
    id,
    url: input.url,
    events: input.events,
    secretEncrypted: encryptSecret(secret, id),
    secretStart: start,
  });
  await audit(db, orgId, actor, "webhook.created", id, { url: input.url, events: input.events });
  return done({ endpoint, secret }, "Endpoint added.");
}

export async function editWebhook(
  db: Db,
  orgId: string,
  actor: Actor,
  id: string,
  input: Input,
): Promise<Outcome<WebhookEndpoint>> {
  const refused = refusedUrl(input.url);
  if (refused) return refused;
  const before = await getWebhook(db, orgId, id);
  const endpoint =
    before && (await updateWebhook(db, orgId, id, { url: input.url, events: input.events }));
  if (!before || !endpoint) return failed("not_found", NOT_FOUND);
  await audit(db, orgId, actor, "webhook.updated", id, {
    url: input.url,
    events: input.events,
    previous: { url: before.url, events: before.events },
  });
  return done(endpoint, "Endpoint saved.");
}

/** Disabling pauses the endpoint: no new events, and pending retries wait until it is enabled again. */
export async function setWebhookActive(
  db: Db,
  orgId: string,
  actor: Actor,
  id: string,
  active: boolean,
): Promise<Outcome<WebhookEndpoint>> {
  const endpoint = await updateWebhook(db, orgId, id, { active });
  if (!endpoint) return failed("not_found", NOT_FOUND);
  await audit(db, orgId, actor, active ? "webhook.enabled" : "webhook.disabled", id, {
    url: endpoint.url,
  });
  return done(
    endpoint,
    active ? "Endpoint enabled." : "Endpoint disabled: it receives no events until you enable it.",
  );
}

export async function removeWebhook(
  db: Db,
  orgId: string,
  actor: Actor,
  id: string,
): Promise<Outcome<WebhookEndpoint>> {
  const endpoint = await deleteWebhook(db, orgId, id);
  if (!endpoint) return failed("not_found", NOT_FOUND);
  await audit(db, orgId, actor, "webhook.deleted", id, {
    url: endpoint.url,
    events: endpoint.events,
  });
  return done(endpoint, "Endpoint deleted.");
}

/** A new secret takes effect for the next attempt; the old one stops working at once. */
export async function rotateWebhookSecret(
  db: Db,
  orgId: string,
  actor: Actor,
  id: string,
): Promise<Outcome<{ endpoint: WebhookEndpoint; secret: string }>> {
  const { secret, start } = newWebhookSecret();
  const endpoint = await updateWebhook(db, orgId, id, {
    secretEncrypted: encryptSecret(secret, id),
    secretStart: start,
  });
  if (!endpoint) return failed("not_found", NOT_FOUND);
  await audit(db, orgId, actor, "webhook.secret_rotated", id, { secretStart: start });
  return done({ endpoint, secret }, "Secret rotated.");
}

/** Re-queues a delivery (same event id and payload, so receivers can dedupe) and sends it now. */
export async function resendDelivery(
  db: Db,
  orgId: string,
  actor: Actor,
  deliveryId: string,
): Promise<Outcome<{ webhookId: string }>> {
  const delivery = await getDelivery(db, orgId, deliveryId);
  if (!delivery) return failed("not_found", "That delivery does not exist.");
  const endpoint = await getWebhook(db, orgId, delivery.webhookId);
  if (!endpoint) return failed("not_found", NOT_FOUND);
  if (!endpoint.active) return failed("invalid", "Enable the endpoint before resending to it.");
  const row = await requeueDelivery(db, orgId, deliveryId, new Date());
  if (!row) return failed("not_found", "That delivery does not exist.");
  await audit(db, orgId, actor, "webhook.delivery_resent", endpoint.id, {
    deliveryId,
    event: delivery.event,
  });
  deliverSoon(db, [row.id]);
  return done({ webhookId: endpoint.id }, "Delivery queued: it is being sent again.");
}

/** Sends a signed `ping` to one endpoint, whatever it subscribes to: proves URL, secret and signature check. */
export async function sendTestEvent(
  db: Db,
  orgId: string,
  actor: Actor,
  id: string,
): Promise<Outcome<{ deliveryId: string }>> {
  const endpoint = await getWebhook(db, orgId, id);
  if (!endpoint) return failed("not_found", NOT_FOUND);
  if (!endpoint.active)
    return failed("invalid", "Enable the endpoint before sending a test event.");
  const [row] = await insertEventDeliveries(
    db,
    orgId,
    [id],
    PING_EVENT,
    { webhook_id: id, message: "A test event from the Gatehouse console." },
    new Date(),
  );
  if (!row) return failed("invalid", "The test event could not be recorded.");
  await audit(db, orgId, actor, "webhook.test_sent", id, { deliveryId: row.id });
  deliverSoon(db, [row.id]);
  return done({ deliveryId: row.id }, "Test event sent. Its delivery appears in the log below.");
}
