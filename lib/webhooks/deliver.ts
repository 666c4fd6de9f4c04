import type { Db } from "@/db";
import {
  claimDelivery,
  getWebhookForDelivery,
  listDueDeliveryIds,
  recordDeliveryAttempt,
  releaseDelivery,
} from "@/db/queries/webhooks";
import type { WebhookDelivery } from "@/db/schema";
import { env } from "@/lib/env";
import { guardedFetch, type OutboundPolicy } from "@/lib/net/guarded-fetch";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signPayload } from "./signature";
import { decryptSecret } from "./secret-box";
import { deliveryLog, errorText } from "@/lib/log";

/**
 * Wait after failed attempt n (1-based) before attempt n + 1: 10 s, 30 s, 2 min, 10 min, 1 h,
 * 3 h, 6 h. Eight attempts over ~10 h ride out a deploy or a short outage of the receiver
 * without hammering it; after the eighth the delivery is marked failed (it can still be resent).
 */
export const RETRY_DELAYS_SECONDS = [10, 30, 120, 600, 3600, 3 * 3600, 6 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** A claim outlives the longest possible attempt (timeout ≤ 30 s), so no one else sends meanwhile. */
const LEASE_MS = 60_000;
const CONCURRENCY = 4;

export function nextAttemptAfter(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  return attempts >= MAX_ATTEMPTS || delay === undefined
    ? null
    : new Date(now.getTime() + delay * 1000);
}

export type AttemptResult = { ok: boolean; status: number | null; error: string | null };

/** How one run sends: the receiver's time limit and, for tests, the outbound policy. */
export type SendOptions = OutboundPolicy & { timeoutMs?: number };

/** The exact bytes that are signed and sent; the stored payload is reordered by jsonb, so fix the key order here. */
export function deliveryBody(payload: Record<string, unknown>): string {
  const { id, type, created_at, org_id, data, ...rest } = payload;
  return JSON.stringify({ id, type, created_at, org_id, data, ...rest });
}

/**
 * One POST through the guarded client (R-SEC-SSRF): private addresses are refused, and a failure
 * is logged as a generic reason ("connection failed", "timed out" …), never the socket's error.
 * Only a 2xx counts; redirects are not followed (a 3xx is a failure, as at Stripe) so an endpoint
 * cannot bounce deliveries elsewhere. The response body is not read: the console shows the
 * status code only, which keeps the log free of whatever a URL returns.
 */
export async function postDelivery(
  url: string,
  secret: string,
  delivery: Pick<WebhookDelivery, "id" | "event" | "payload">,
  { timeoutMs = env().WEBHOOK_TIMEOUT_MS, ...policy }: SendOptions = {},
): Promise<AttemptResult> {
  const body = deliveryBody(delivery.payload);
  const res = await guardedFetch(url, {
    ...policy,
    method: "POST",
    timeoutMs,
    maxBodyBytes: 0,
    overflow: "truncate",
    headers: {
      "content-type": "application/json",
      "user-agent": "Gatehouse-Webhooks/1",
      [EVENT_HEADER]: delivery.event,
      [DELIVERY_HEADER]: delivery.id,
      // Signed with the wall clock at send time: the receiver compares it with its own clock.
      [SIGNATURE_HEADER]: signPayload(secret, body, new Date()),
    },
    body,
  });
  if (!res.ok) return { ok: false, status: null, error: res.reason };
  const ok = res.status >= 200 && res.status < 300;
  return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}` };
}

export type AttemptOutcome = "delivered" | "retrying" | "failed" | "skipped";

/** Claims one delivery and makes one attempt; "skipped" when someone else holds it or it is not due. */
export async function attemptDelivery(
  db: Db,
  deliveryId: string,
  now: Date,
  send: SendOptions = {},
): Promise<AttemptOutcome> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const claimed = await claimDelivery(db, deliveryId, now, leaseUntil);
  if (!claimed) return "skipped";
  const endpoint = await getWebhookForDelivery(db, claimed.orgId, claimed.webhookId);
  if (!endpoint?.active) {
    await releaseDelivery(db, claimed.orgId, claimed.id, leaseUntil, now);
    return "skipped";
  }
  let result: AttemptResult;
  try {
    result = await postDelivery(
      endpoint.url,
      decryptSecret(endpoint.secretEncrypted, endpoint.id),
      claimed,
      send,
    );
  } catch (err) {
    // Only decryptSecret throws here (postDelivery never does).
    result = { ok: false, status: null, error: err instanceof Error ? err.message : String(err) };
  }
  const attempts = claimed.attempts + 1;
  const retryAt = result.ok ? null : nextAttemptAfter(attempts, now);
  const status = result.ok ? "delivered" : retryAt ? "pending" : "failed";
  await recordDeliveryAttempt(db, claimed.orgId, claimed.id, leaseUntil, {
    status,
    attempts,
    lastResponseCode: result.status,
    lastError: result.error,
    nextAttemptAt: retryAt,
    deliveredAt: result.ok ? now : null,
  });
  return status === "pending" ? "retrying" : status;
}

export type DeliveryCounts = Record<AttemptOutcome, number>;

/** Attempts the given deliveries, a few at a time (a slow receiver must not hold up the rest). */
export async function attemptDeliveries(
  db: Db,
  ids: string[],
  now: Date,
  send: SendOptions = {},
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        counts[await attemptDelivery(db, id, now, send)]++;
      } catch (err) {
        // A database error on one row: leave it to its lease and the next run.
        deliveryLog.error(
          { deliveryId: id, err: errorText(err) },
          "delivery could not be attempted",
        );
        counts.skipped++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return counts;
}

/**
 * Sends every pending delivery that is due at `now` (all organisations, or one with `orgId`).
 * Called by /api/cron/deliver, by the in-process scheduler, and by tests with a chosen `now`.
 */
export async function deliverDue(
  db: Db,
  now: Date = new Date(),
  { orgId, limit, ...send }: { orgId?: string; limit?: number } & SendOptions = {},
): Promise<DeliveryCounts> {
  const ids = await listDueDeliveryIds(db, now, { orgId, limit });
  return attemptDeliveries(db, ids, now, send);
}
