import { Redis } from "ioredis";
import { env } from "@/lib/env";

/**
 * Per-token rate limit of the management API: `limit` requests per fixed window of `windowMs`
 * (600 a minute by default). Counted in Redis when REDIS_URL is set, so every instance shares the
 * count; in this process otherwise, and when Redis fails (limits then hold per instance instead of
 * not at all). The answer carries what the RateLimit-* headers say.
 */
export type RateDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window ends and the count starts again. */
  resetMs: number;
};

export interface RateCounter {
  /** Counts one request under `key` (one per token and window); returns the count so far. */
  incr(key: string, windowMs: number): Promise<number>;
}

export class MemoryRateCounter implements RateCounter {
  private readonly counts = new Map<string, { n: number; until: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  async incr(key: string, windowMs: number): Promise<number> {
    const t = this.now();
    if (this.counts.size > 50_000)
      for (const [k, v] of this.counts) if (v.until <= t) this.counts.delete(k);
    const cur = this.counts.get(key);
    const next = cur && cur.until > t ? { ...cur, n: cur.n + 1 } : { n: 1, until: t + windowMs };
    this.counts.set(key, next);
    return next.n;
  }
}

const INCR = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return c
`;

export class RedisRateCounter implements RateCounter {
  constructor(private readonly redis: Redis) {}
  async incr(key: string, windowMs: number): Promise<number> {
    return Number(await this.redis.eval(INCR, 1, `gh:api-rl:${key}`, String(windowMs)));
  }
}

export class ApiRateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly counter: RateCounter;
  private readonly fallback: RateCounter | null;
  private readonly now: () => number;

  constructor(
    opts: {
      limit?: number;
      windowMs?: number;
      counter?: RateCounter;
      fallback?: RateCounter;
      now?: () => number;
    } = {},
  ) {
    this.limit = opts.limit ?? 600;
    this.windowMs = opts.windowMs ?? 60_000;
    this.now = opts.now ?? Date.now;
    this.counter = opts.counter ?? new MemoryRateCounter(this.now);
    this.fallback = opts.fallback ?? null;
  }

  async take(tokenId: string): Promise<RateDecision> {
    const t = this.now();
    const window = Math.floor(t / this.windowMs);
    const key = `${tokenId}:${window}`;
    let n: number;
    try {
      n = await this.counter.incr(key, this.windowMs);
    } catch (err) {
      if (!this.fallback) throw err;
      console.error(
        `api rate limit: shared store failed, counting in this instance: ${String(err)}`,
      );
      n = await this.fallback.incr(key, this.windowMs);
    }
    return {
      allowed: n <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - n),
      resetMs: (window + 1) * this.windowMs - t,
    };
  }

  /** RateLimit-* headers (draft-ietf-httpapi-ratelimit-headers), seconds rounded up. */
  headers(d: RateDecision): Record<string, string> {
    const reset = String(Math.max(1, Math.ceil(d.resetMs / 1000)));
    return {
      "ratelimit-limit": String(d.limit),
      "ratelimit-remaining": String(d.remaining),
      "ratelimit-reset": reset,
      "ratelimit-policy": `${this.limit};w=${Math.round(this.windowMs / 1000)}`,
    };
  }
}

let shared: ApiRateLimiter | undefined;

/** Replaces the process's limiter (tests: another limit, a fake clock). */
export function setApiRateLimiter(limiter: ApiRateLimiter | undefined): void {
  shared = limiter;
}

export function getApiRateLimiter(): ApiRateLimiter {
  if (shared) return shared;
  const url = env().REDIS_URL;
  if (!url) return (shared = new ApiRateLimiter());
  // Bounded and without an offline queue, like the gateway's and the throttle's clients.
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 2000,
    enableOfflineQueue: false,
  });
  redis.on("error", (err: Error) => console.error(`api rate limit: redis: ${err.message}`));
  return (shared = new ApiRateLimiter({
    counter: new RedisRateCounter(redis),
    fallback: new MemoryRateCounter(),
  }));
}
