import { Redis } from "ioredis";
import { type Db, getDb } from "@/db";
import { env } from "@/lib/env";
import { onKeysChanged } from "@/lib/keys/invalidate";
import { type CounterStore, MemoryCounterStore } from "./counters";
import { RedisCounterStore } from "./counters-redis";
import { Gateway, type InvalidationMessage } from "./gateway";
import { dbGatewayStore } from "./store";

export const INVALIDATION_CHANNEL = "gatehouse:gateway:invalidate";
export const FLUSH_INTERVAL_MS = 1000;

export type GatewayRuntime = { gateway: Gateway; redis: Redis | null; close: () => Promise<void> };

function redisClient(url: string, timeoutMs: number): Redis {
  // Bounded: a Redis that is down makes the gateway answer 503 quickly, never hang.
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: timeoutMs,
    connectTimeout: 2000,
    enableAutoPipelining: true,
  });
}

/**
 * Builds a gateway on a database: in-process counters, or Redis counters plus cross-instance
 * invalidation (pub/sub) when a Redis URL is given. Used by the Next.js routes (one per process,
 * getGateway) and by the standalone verifier, each with its own lifetime.
 */
export function createGatewayRuntime({
  db,
  redisUrl,
  cacheTtlMs,
  dbTimeoutMs,
  flushIntervalMs = FLUSH_INTERVAL_MS,
  log = (m: string) => console.error(m),
}: {
  db: Db;
  redisUrl: string | null;
  cacheTtlMs: number;
  dbTimeoutMs: number;
  flushIntervalMs?: number;
  log?: (m: string) => void;
}): GatewayRuntime {
  const redis = redisUrl ? redisClient(redisUrl, dbTimeoutMs) : null;
  const subscriber = redis ? redis.duplicate() : null;
  redis?.on("error", (err: Error) => log(`gateway: redis: ${err.message}`));
  subscriber?.on("error", (err: Error) => log(`gateway: redis subscriber: ${err.message}`));
  const counters: CounterStore = redis ? new RedisCounterStore(redis) : new MemoryCounterStore();
  const gateway = new Gateway({
    store: dbGatewayStore(db),
    counters,
    cacheTtlMs,
    dbTimeoutMs,
    flushIntervalMs,
    log,
    onInvalidate: redis
      ? (m) =>
          void redis
            .publish(INVALIDATION_CHANNEL, JSON.stringify(m))
            .catch((err: Error) => log(`gateway: publish failed: ${err.message}`))
      : undefined,
  });
  if (subscriber) {
    void subscriber
      .subscribe(INVALIDATION_CHANNEL)
      .catch((err: Error) => log(`gateway: subscribe failed: ${err.message}`));
    subscriber.on("message", (_channel: string, text: string) => {
      const m = parseMessage(text);
      if (m) gateway.applyInvalidation(m);
    });
  }
  // Key, policy and developer changes made by this process's console code reach this cache at once.
  const unsubscribe = onKeysChanged((orgId, keyIds) => {
    if (keyIds === "all") gateway.invalidate({ type: "org", id: orgId });
    else for (const id of keyIds) gateway.invalidate({ type: "key", id });
  });
  return {
    gateway,
    redis,
    close: async () => {
      unsubscribe();
      await gateway.close();
      await subscriber?.quit().catch(() => undefined);
    },
  };
}

function parseMessage(text: string): InvalidationMessage | null {
  try {
    const m = JSON.parse(text) as Partial<InvalidationMessage>;
    if ((m.type === "key" || m.type === "org" || m.type === "token") && typeof m.id === "string")
      return { type: m.type, id: m.id };
  } catch {
    // Not ours; ignore.
  }
  return null;
}

// On globalThis: Next may load this module in several bundles of one process (routes, actions).
const g = globalThis as unknown as { gatehouseGateway?: GatewayRuntime };

/** The process-wide gateway of the Next.js app; flushes usage every second and on SIGTERM/SIGINT. */
export function getGatewayRuntime(): GatewayRuntime {
  if (!g.gatehouseGateway) {
    const e = env();
    const runtime = createGatewayRuntime({
      db: getDb(),
      redisUrl: e.REDIS_URL,
      cacheTtlMs: e.GATEWAY_CACHE_TTL_SECONDS * 1000,
      dbTimeoutMs: e.GATEWAY_DB_TIMEOUT_MS,
    });
    g.gatehouseGateway = runtime;
    // Best effort: Next's own handler exits once its server closed; one flush usually fits in that time.
    const onSignal = () => void runtime.gateway.flush();
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
    process.once("beforeExit", onSignal);
  }
  return g.gatehouseGateway;
}

export function getGateway(): Gateway {
  return getGatewayRuntime().gateway;
}
