import { Redis } from "ioredis";
import { type Db, getDb } from "@/db";
import { env } from "@/lib/env";
import { onKeysChanged } from "@/lib/keys/key-listeners";
import { type CounterStore, MemoryCounterStore } from "./counters";
import { RedisCounterStore } from "./counters-redis";
import { Gateway } from "./gateway";
import { dbOauthTokenStore, OauthTokens } from "./oauth-token";
import { audienceOf, issuerOf } from "@/lib/oauth/issuer";
import { INVALIDATION_CHANNEL, parseInvalidation, publishInvalidation } from "./invalidation-bus";
import { dbGatewayStore } from "./store";
import { UsageFlushSchedule } from "./usage-flush";
import { gatewayLog } from "@/lib/log";

export { INVALIDATION_CHANNEL };
export const FLUSH_INTERVAL_MS = 1000;

export type GatewayRuntime = {
  gateway: Gateway;
  redis: Redis | null;
  counters: CounterStore;
  /** Settles once this instance listens for other instances' invalidations (at once without Redis). */
  subscribed: Promise<void>;
  close: () => Promise<void>;
};

function redisClient(url: string, timeoutMs: number): Redis {
  // Nothing outlives the answer (docs/GATEWAY.md, "Redis"): while disconnected a command fails at
  // once instead of waiting in a queue, nothing is resent after a reconnect, a connection that
  // stops answering is dropped after timeoutMs, and the counter store cancels what was on the wire.
  return new Redis(url, {
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 1000),
    retryStrategy: (times) => Math.min(times * 50, 1000),
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
  keyLookupDb = db,
  redisUrl,
  cacheTtlMs,
  dbTimeoutMs,
  flushIntervalMs = FLUSH_INTERVAL_MS,
  log = (m: string) => gatewayLog.error(m.replace(/^gateway: /, "")),
}: {
  db: Db;
  /** Where cold keys are looked up (the standalone verifier's own pool); the same db by default. */
  keyLookupDb?: Db;
  redisUrl: string | null;
  cacheTtlMs: number;
  dbTimeoutMs: number;
  flushIntervalMs?: number;
  log?: (m: string) => void;
}): GatewayRuntime {
  const redis = redisUrl ? redisClient(redisUrl, dbTimeoutMs) : null;
  // The subscriber may queue (SUBSCRIBE is idempotent) and has no command to time out.
  const subscriber = redis
    ? redis.duplicate({
        enableOfflineQueue: true,
        autoResendUnfulfilledCommands: true,
        commandTimeout: undefined,
        socketTimeout: undefined,
      })
    : null;
  redis?.on("error", (err: Error) => log(`gateway: redis: ${err.message}`));
  subscriber?.on("error", (err: Error) => log(`gateway: redis subscriber: ${err.message}`));
  const counters: CounterStore = redis
    ? new RedisCounterStore(redis, undefined, dbTimeoutMs, log)
    : new MemoryCounterStore();
  const gateway = new Gateway({
    store: dbGatewayStore(db, keyLookupDb),
    counters,
    cacheTtlMs,
    dbTimeoutMs,
    flushIntervalMs,
    log,
    onInvalidate: redisUrl ? (m) => void publishInvalidation([m], redisUrl) : undefined,
    oauth: (guard) =>
      new OauthTokens({
        store: dbOauthTokenStore(db),
        issuerOf,
        audienceOf,
        cacheTtlMs,
        negativeTtlMs: Math.min(1000, cacheTtlMs),
        guard,
      }),
  });
  const subscribed = subscriber
    ? subscriber.subscribe(INVALIDATION_CHANNEL).then(
        () => undefined,
        (err: Error) => log(`gateway: subscribe failed: ${err.message}`),
      )
    : Promise.resolve();
  if (subscriber) {
    subscriber.on("message", (_channel: string, text: string) => {
      const m = parseInvalidation(text);
      if (m) gateway.applyInvalidation(m);
    });
  }
  // Key, policy and developer changes made by this process reach this cache at once (keysChanged
  // itself publishes them to the other instances).
  const unsubscribe = onKeysChanged((orgId, keyIds) => {
    if (keyIds === "all") gateway.applyInvalidation({ type: "org", id: orgId });
    else for (const id of keyIds) gateway.applyInvalidation({ type: "key", id });
  });
  return {
    gateway,
    redis,
    counters,
    subscribed,
    close: async () => {
      unsubscribe();
      await gateway.close();
      await subscriber?.quit().catch(() => undefined);
    },
  };
}

// On globalThis: Next may load this module in several bundles of one process (routes, actions).
const g = globalThis as unknown as {
  gatehouseGateway?: GatewayRuntime;
  gatehouseUsageFlush?: UsageFlushSchedule;
  gatehouseAfterTasks?: { started: number; done: number };
};

/**
 * The process-wide gateway of the Next.js app. Usage is written once a second (`next start`) or
 * within each request (serverless); the routes pass usageWritten() to after() (once per write
 * window on a server), so a SIGTERM'd `next start` writes the last calls before it exits
 * (docs/DEPLOY.md, "Stopping").
 */
export function getGatewayRuntime(): GatewayRuntime {
  if (!g.gatehouseGateway) {
    const e = env();
    const runtime = createGatewayRuntime({
      db: getDb(),
      redisUrl: e.REDIS_URL,
      cacheTtlMs: e.GATEWAY_CACHE_TTL_SECONDS * 1000,
      dbTimeoutMs: e.GATEWAY_DB_TIMEOUT_MS,
      // The schedule below writes usage; the gateway keeps no timer of its own.
      flushIntervalMs: 0,
    });
    const schedule = new UsageFlushSchedule(runtime.gateway, {
      mode: e.serverless ? "request" : "interval",
      intervalMs: FLUSH_INTERVAL_MS,
    });
    g.gatehouseGateway = runtime;
    g.gatehouseUsageFlush = schedule;
    // Next awaits the after() tasks of every request before exiting; this makes them settle now.
    const onStop = () => void schedule.stop();
    process.once("SIGTERM", onStop);
    process.once("SIGINT", onStop);
    process.once("beforeExit", onStop);
  }
  return g.gatehouseGateway;
}

// Set by hosts that give Next a per-request waitUntil (next/dist/server/after/builtin-request-context).
const PLATFORM_REQUEST_CONTEXT = Symbol.for("@next/request-context");

/**
 * For the gateway routes, after the call was decided: `const w = usageWritten(); if (w) after(w)`.
 * Settles once the usage counted so far is in Postgres; null when an earlier call of this
 * one-second window already handed the same write to after() (`next start`: Next awaits every
 * after() promise of the process when it stops; see UsageFlushSchedule.afterTask). Serverless:
 * every request gets its own. With GATEHOUSE_DEBUG_AFTER=1 the health route reports how many of
 * these started and settled (the serverless e2e test kills the process on it).
 */
export function usageWritten(): Promise<void> | null {
  getGatewayRuntime();
  const schedule = g.gatehouseUsageFlush;
  if (!schedule) return null;
  const written = schedule.afterTask(PLATFORM_REQUEST_CONTEXT in globalThis);
  if (!written || !env().GATEHOUSE_DEBUG_AFTER) return written;
  const tasks = (g.gatehouseAfterTasks ??= { started: 0, done: 0 });
  tasks.started++;
  return written.finally(() => {
    tasks.done++;
  });
}

/** after() usage writes started and settled in this process (only counted with GATEHOUSE_DEBUG_AFTER=1). */
export function afterTaskCounts(): { started: number; done: number } {
  return { ...(g.gatehouseAfterTasks ?? { started: 0, done: 0 }) };
}

/** This process's gateway if it runs one (invalidation never starts one just to drop entries). */
export function currentGateway(): Gateway | null {
  return g.gatehouseGateway?.gateway ?? null;
}

export function getGateway(): Gateway {
  return getGatewayRuntime().gateway;
}
