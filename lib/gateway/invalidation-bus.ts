import { Redis } from "ioredis";
import { env } from "@/lib/env";
import type { InvalidationMessage } from "./gateway";
import { errorText, gatewayLog } from "@/lib/log";

export const INVALIDATION_CHANNEL = "gatehouse:gateway:invalidate";

/** Past this many keys in one change, one organisation-wide message says it more cheaply. */
const MAX_KEY_MESSAGES = 50;

type Publisher = { redis: Redis; url: string };
// On globalThis: Next may load this module in several bundles of one process (routes, actions).
const g = globalThis as unknown as { gatehouseInvalidationPublisher?: Publisher };

/**
 * The connection that tells every gateway instance about a change (R-GW-VERIFY: a revoked key is
 * refused everywhere at once). It belongs to the process that makes the change — a console
 * action, the management API, a script — whether or not that process ever serves a gateway call,
 * and is made on the first change, not at start-up. Its socket does not keep a process alive,
 * and it gives up reconnecting after a few tries (the next change starts a new one).
 */
function publisher(url: string): Redis {
  const current = g.gatehouseInvalidationPublisher;
  if (current && current.url === url && current.redis.status !== "end") return current.redis;
  const redis = new Redis(url, {
    // A message published before the connection is up waits for it: a late invalidation is
    // harmless (the entry is dropped again), a lost one lasts until the cache TTL.
    enableOfflineQueue: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (times) => (times > 3 ? null : times * 200),
  });
  redis.on("error", (err: Error) =>
    gatewayLog.warn({ err: err.message }, "invalidation publisher"),
  );
  // Unref once ready: by then the queued messages are written (a pending write keeps the loop alive).
  redis.on("ready", () => redis.stream.unref());
  g.gatehouseInvalidationPublisher = { redis, url };
  return redis;
}

/**
 * Publishes to every gateway instance sharing REDIS_URL (none without it). Never throws nor
 * rejects; the promise settles once Redis took the messages or gave up (lib/keys/invalidate.ts
 * hands it to after(), so a serverless function is not frozen before they are sent).
 */
export function publishInvalidation(
  messages: InvalidationMessage[],
  redisUrl?: string,
): Promise<void> {
  const failed = (err: unknown) =>
    gatewayLog.error({ err: errorText(err) }, "invalidation not published");
  try {
    const url = redisUrl ?? env().REDIS_URL;
    if (!url || messages.length === 0) return Promise.resolve();
    const redis = publisher(url);
    return Promise.all(
      messages.map((m) => redis.publish(INVALIDATION_CHANNEL, JSON.stringify(m)).catch(failed)),
    ).then(() => undefined);
  } catch (err) {
    failed(err);
    return Promise.resolve();
  }
}

/** The messages for a change to some keys of an organisation, or to all of them. */
export function keyMessages(orgId: string, keyIds: string[] | "all"): InvalidationMessage[] {
  return keyIds === "all" || keyIds.length > MAX_KEY_MESSAGES
    ? [{ type: "org", id: orgId }]
    : keyIds.map((id) => ({ type: "key", id }));
}

/** Parses a message from the channel; anything else is ignored. */
export function parseInvalidation(text: string): InvalidationMessage | null {
  try {
    const m = JSON.parse(text) as Partial<InvalidationMessage>;
    if ((m.type === "key" || m.type === "org" || m.type === "token") && typeof m.id === "string")
      return { type: m.type, id: m.id };
  } catch {
    // Not ours; ignore.
  }
  return null;
}

/** Closes this process's publisher (tests; scripts that want to exit before it idles out). */
export async function closeInvalidationPublisher(): Promise<void> {
  const p = g.gatehouseInvalidationPublisher;
  g.gatehouseInvalidationPublisher = undefined;
  await p?.redis.quit().catch(() => undefined);
}
