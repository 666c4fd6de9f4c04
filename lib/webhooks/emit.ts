import { randomBytes } from "node:crypto";
import { after } from "next/server";
import type { Db, Tx } from "@/db";
import { insertDeliveries, listSubscribedWebhookIds } from "@/db/queries/webhooks";
import type { WebhookDelivery } from "@/db/schema";
import { base58Encode } from "@/lib/base58";
import { attemptDeliveries } from "./deliver";
import type { DeliveryEvent, EventData, WebhookEvent, WebhookPayload } from "./events";
import { startDeliveryScheduler } from "./scheduler";
import { deliveryLog, errorText } from "@/lib/log";

export { WEBHOOK_EVENTS, type WebhookEvent } from "./events";

/** The id of one event, shared by its deliveries to every endpoint (receivers dedupe on it). */
function newEventId(): string {
  return `evt_${base58Encode(randomBytes(12))}`;
}

export function buildPayload(
  orgId: string,
  event: DeliveryEvent,
  data: EventData,
  now: Date,
): WebhookPayload {
  return { id: newEventId(), type: event, created_at: now.toISOString(), org_id: orgId, data };
}

/** Delivery rows of one event for the given endpoints, due at once. */
export async function insertEventDeliveries(
  db: Db | Tx,
  orgId: string,
  webhookIds: string[],
  event: DeliveryEvent,
  data: EventData,
  now: Date,
) {
  const payload = buildPayload(orgId, event, data, now);
  return insertDeliveries(
    db,
    webhookIds.map((webhookId) => ({
      orgId,
      webhookId,
      event,
      payload,
      status: "pending" as const,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
}

/**
 * Records `event` for every active endpoint of the organisation subscribed to it, without
 * sending anything. Use it inside a transaction so the event exists only if the change commits;
 * after the commit call deliverSoon(db, ids) (or leave them to the scheduler / cron).
 */
export async function queueEvent(
  db: Db | Tx,
  orgId: string,
  event: WebhookEvent,
  data: EventData,
  now: Date = new Date(),
): Promise<WebhookDelivery[]> {
  const webhookIds = await listSubscribedWebhookIds(db, orgId, event);
  if (webhookIds.length === 0) return [];
  return insertEventDeliveries(db, orgId, webhookIds, event, data, now);
}

/**
 * Attempts the deliveries without making the caller wait. Inside a Next request (page, server
 * action, route handler) the attempt runs after the response via `after()`; elsewhere (scripts,
 * tests) it is fire-and-forget. A failed or lost attempt is not lost: the row stays pending and
 * the scheduler or /api/cron/deliver retries it.
 */
export function deliverSoon(db: Db, deliveryIds: string[]): void {
  if (deliveryIds.length === 0) return;
  const task = () =>
    attemptDeliveries(db, deliveryIds, new Date()).then(
      () => undefined,
      (err: unknown) =>
        deliveryLog.error(
          { err: errorText(err) },
          "immediate delivery failed; the retry schedule will pick it up",
        ),
    );
  try {
    after(task);
  } catch {
    // Not inside a Next request: `after` throws synchronously.
    void task();
    return;
  }
  // We are in a long-running (or serverless) Next server: make sure retries run there too.
  startDeliveryScheduler(db);
}

/**
 * Emits a webhook event: one delivery row per active endpoint of `orgId` subscribed to `event`,
 * then an immediate attempt that does not block the caller. Returns the delivery rows (empty
 * when no endpoint listens). Call it after the change it reports is committed, with the Db
 * (not a transaction handle); inside a transaction use queueEvent + deliverSoon instead.
 *
 * `data` is the event's object, e.g. for key_request.approved
 * `{ key_request_id, developer_id, catalog_entry_id, key_id }`. Never put secrets in it.
 *
 * @example await emitEvent(db, ctx.orgId, "developer.created", { developer_id: dev.id, email: dev.email })
 */
export async function emitEvent(
  db: Db,
  orgId: string,
  event: WebhookEvent,
  data: EventData,
  opts: { now?: Date; deliver?: boolean } = {},
): Promise<WebhookDelivery[]> {
  const deliveries = await queueEvent(db, orgId, event, data, opts.now ?? new Date());
  if (opts.deliver !== false)
    deliverSoon(
      db,
      deliveries.map((d) => d.id),
    );
  return deliveries;
}
