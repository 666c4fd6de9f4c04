import { and, asc, count, desc, eq, exists, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { webhookDeliveries, webhooks } from "../schema";

/**
 * Webhook endpoints and their delivery log. Console reads and writes carry the organisation.
 * The delivery worker's functions (due lists, claims) span every organisation on purpose: the
 * cron serves the whole install; they hand back ids that are then worked on row by row.
 */

/** What the console shows of an endpoint: never the (encrypted) secret. */
const endpointColumns = {
  id: webhooks.id,
  url: webhooks.url,
  events: webhooks.events,
  secretStart: webhooks.secretStart,
  active: webhooks.active,
  createdAt: webhooks.createdAt,
  updatedAt: webhooks.updatedAt,
};
export type WebhookEndpoint = {
  id: string;
  url: string;
  events: string[];
  secretStart: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export async function listWebhooks(db: Db, orgId: string): Promise<WebhookEndpoint[]> {
  return db
    .select(endpointColumns)
    .from(webhooks)
    .where(eq(webhooks.orgId, orgId))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
}

export async function getWebhook(
  db: Db,
  orgId: string,
  webhookId: string,
): Promise<WebhookEndpoint | null> {
  const [row] = await db
    .select(endpointColumns)
    .from(webhooks)
    .where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, webhookId)))
    .limit(1);
  return row ?? null;
}

/** URL and encrypted secret for signing a delivery. */
export async function getWebhookForDelivery(db: Db, orgId: string, webhookId: string) {
  const [row] = await db
    .select({
      id: webhooks.id,
      url: webhooks.url,
      secretEncrypted: webhooks.secretEncrypted,
      active: webhooks.active,
    })
    .from(webhooks)
    .where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, webhookId)))
    .limit(1);
  return row ?? null;
}

type NewWebhook = {
  id: string;
  url: string;
  events: string[];
  secretEncrypted: string;
  secretStart: string;
};
export async function insertWebhook(
  db: Db,
  orgId: string,
  values: NewWebhook,
): Promise<WebhookEndpoint> {
  const [row] = await db
    .insert(webhooks)
    .values({ ...values, orgId })
    .returning(endpointColumns);
  if (!row) throw new Error("webhook insert returned nothing");
  return row;
}

type WebhookPatch = Partial<
  Pick<NewWebhook, "url" | "events" | "secretEncrypted" | "secretStart"> & { active: boolean }
>;
export async function updateWebhook(
  db: Db,
  orgId: string,
  webhookId: string,
  patch: WebhookPatch,
): Promise<WebhookEndpoint | null> {
  const [row] = await db
    .update(webhooks)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, webhookId)))
    .returning(endpointColumns);
  return row ?? null;
}

/** Deletes the endpoint and (cascade) its delivery log. */
export async function deleteWebhook(
  db: Db,
  orgId: string,
  webhookId: string,
): Promise<WebhookEndpoint | null> {
  const [row] = await db
    .delete(webhooks)
    .where(and(eq(webhooks.orgId, orgId), eq(webhooks.id, webhookId)))
    .returning(endpointColumns);
  return row ?? null;
}

/** Active endpoints of the organisation subscribed to `event`. */
export async function listSubscribedWebhookIds(
  db: Db | Tx,
  orgId: string,
  event: string,
): Promise<string[]> {
  const rows = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.orgId, orgId),
        eq(webhooks.active, true),
        sql`${event} = any(${webhooks.events})`,
      ),
    );
  return rows.map((r) => r.id);
}

type NewDelivery = typeof webhookDeliveries.$inferInsert;
export async function insertDeliveries(db: Db | Tx, rows: NewDelivery[]) {
  if (rows.length === 0) return [];
  return db.insert(webhookDeliveries).values(rows).returning();
}

/** Delivery log of one endpoint, newest first (payloads left out: the detail page shows them). */
export async function listDeliveries(
  db: Db,
  orgId: string,
  webhookId: string,
  { page = 1, pageSize = 25 } = {},
) {
  const where = and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.webhookId, webhookId));
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: webhookDeliveries.id,
        event: webhookDeliveries.event,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        lastResponseCode: webhookDeliveries.lastResponseCode,
        lastError: webhookDeliveries.lastError,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        deliveredAt: webhookDeliveries.deliveredAt,
        createdAt: webhookDeliveries.createdAt,
      })
      .from(webhookDeliveries)
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(webhookDeliveries).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function getDelivery(db: Db, orgId: string, deliveryId: string) {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.id, deliveryId)))
    .limit(1);
  return row ?? null;
}

/** "Resend": the delivery goes out again now, with a fresh retry budget. */
export async function requeueDelivery(db: Db, orgId: string, deliveryId: string, now: Date) {
  const [row] = await db
    .update(webhookDeliveries)
    .set({
      status: "pending",
      attempts: 0,
      nextAttemptAt: now,
      deliveredAt: null,
      lastError: null,
      lastResponseCode: null,
    })
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.id, deliveryId)))
    .returning();
  return row ?? null;
}

const endpointActive = exists(
  sql`(select 1 from ${webhooks} where ${webhooks.id} = ${webhookDeliveries.webhookId} and ${webhooks.active})`,
);

/** Pending deliveries whose time has come, oldest due first (all organisations unless `orgId`). */
export async function listDueDeliveryIds(
  db: Db,
  now: Date,
  { orgId, limit = 50 }: { orgId?: string; limit?: number } = {},
) {
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, now),
        orgId ? eq(webhookDeliveries.orgId, orgId) : undefined,
        endpointActive,
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Claims a due delivery for one attempt by pushing its next_attempt_at to `leaseUntil`: of two
 * workers racing for it, only one gets a row back. If the worker dies, the lease expires and the
 * delivery is due again.
 */
export async function claimDelivery(db: Db, deliveryId: string, now: Date, leaseUntil: Date) {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: leaseUntil })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, now),
        endpointActive,
      ),
    )
    .returning();
  return row ?? null;
}

type AttemptPatch = Pick<
  NewDelivery,
  "status" | "attempts" | "lastResponseCode" | "lastError" | "nextAttemptAt" | "deliveredAt"
>;
/** Records an attempt's outcome, unless the claim was lost meanwhile (lease expired, or resent). */
export async function recordDeliveryAttempt(
  db: Db,
  orgId: string,
  deliveryId: string,
  leaseUntil: Date,
  patch: AttemptPatch,
) {
  const [row] = await db
    .update(webhookDeliveries)
    .set(patch)
    .where(
      and(
        eq(webhookDeliveries.orgId, orgId),
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
        eq(webhookDeliveries.nextAttemptAt, leaseUntil),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return Boolean(row);
}

/** Hands a claimed delivery back untried (its endpoint was disabled meanwhile). */
export async function releaseDelivery(
  db: Db,
  orgId: string,
  deliveryId: string,
  leaseUntil: Date,
  now: Date,
) {
  await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: now })
    .where(
      and(
        eq(webhookDeliveries.orgId, orgId),
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.nextAttemptAt, leaseUntil),
      ),
    );
}
