import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import type { Decision } from "./math";
import { LIMITS, type LimitName } from "./rules";
import { MemoryThrottleStore, type ThrottleStore } from "./store";
import { RedisThrottleStore } from "./store-redis";

export type ThrottleOptions = {
  store?: ThrottleStore;
  /** Used when `store` fails (Redis down): limits then hold per instance instead of not at all. */
  fallback?: ThrottleStore;
  now?: () => number;
  log?: (message: string) => void;
};

/**
 * Counts attempts under the named limits of lib/throttle/rules.ts. Identifiers (emails,
 * addresses, ids) are hashed into the keys, so Redis never holds an email or an address.
 */
export class Throttle {
  private readonly store: ThrottleStore;
  private readonly fallback: ThrottleStore | null;
  readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(options: ThrottleOptions = {}) {
    this.store = options.store ?? new MemoryThrottleStore();
    this.fallback = options.fallback ?? null;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((m) => console.error(m));
  }

  private key(limit: LimitName, id: string) {
    return `${limit}:${createHash("sha256").update(id).digest("base64url").slice(0, 32)}`;
  }

  /** Counts one attempt for `id` under `limit` when allowed; says when to come back if not. */
  async take(limit: LimitName, id: string): Promise<Decision> {
    const key = this.key(limit, id);
    try {
      return await this.store.take(key, LIMITS[limit], this.now());
    } catch (err) {
      if (!this.fallback) throw err;
      this.log(`throttle: shared store failed, counting in this instance: ${String(err)}`);
      return this.fallback.take(key, LIMITS[limit], this.now());
    }
  }

  async clear(limit: LimitName, id: string): Promise<void> {
    const key = this.key(limit, id);
    await Promise.all([
      this.store.clear(key).catch((err: unknown) => {
        if (!this.fallback) throw err;
      }),
      this.fallback?.clear(key),
    ]);
  }
}

let shared: Throttle | undefined;

/** Replaces the process's throttle (tests with an injected clock; a custom store). */
export function setThrottle(throttle: Throttle): void {
  shared = throttle;
}

/** The process's throttle: Redis when REDIS_URL is set (shared by every instance), else memory. */
export function getThrottle(): Throttle {
  if (shared) return shared;
  const url = env().REDIS_URL;
  if (!url) return (shared = new Throttle());
  // Like the gateway's client: bounded, and no offline queue, so a command never replays later.
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 2000,
    enableOfflineQueue: false,
  });
  redis.on("error", (err: Error) => console.error(`throttle: redis: ${err.message}`));
  return (shared = new Throttle({
    store: new RedisThrottleStore(redis),
    fallback: new MemoryThrottleStore(),
  }));
}

/** "1 minute", "14 minutes": how long to wait, rounded up. */
export function waitText(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
