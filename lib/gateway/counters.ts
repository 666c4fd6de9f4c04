import { type QuotaCounter, rateDecide, rollQuota, type WindowCounts } from "./limits-math";

/** One request's limits: rate per key and API, and optionally the quota of the owning policy. */
export type ConsumeRequest = {
  keyId: string;
  apiId: string;
  limit: number;
  windowMs: number;
  quota: {
    scope: string;
    max: number;
    renewalMs: number;
    /** What Postgres held when the key was loaded; used when no live counter exists. */
    seed: QuotaCounter | null;
  } | null;
  now: number;
};

export type ConsumeResult = {
  outcome: "ok" | "rate_limited" | "quota_exceeded";
  rate: { limit: number; remaining: number; reset: number };
  quota: { limit: number; remaining: number; reset: number } | null;
  retryAfterMs: number;
  /** Set when a quota unit was consumed: the period it belongs to (for the Postgres write-behind). */
  quotaPeriod: number | null;
};

/**
 * Counters for rate limits and quotas. Order inside one call: quota check (no rate unit spent
 * on a request the quota refuses), then the rate limit, then both are consumed together.
 */
export interface CounterStore {
  /**
   * Settles within `timeoutMs` (the gateway's remaining budget); when it rejects, the call
   * consumed nothing and never will (no replay after an answer was given).
   */
  consume(req: ConsumeRequest, timeoutMs?: number): Promise<ConsumeResult>;
  /** Forgets a key's quota counters (tests; key deletion). */
  resetQuota(keyId: string): Promise<void>;
  /** The live quota counter of a key and scope, as enforced (null: none yet on this store). */
  peekQuota(keyId: string, scope: string): Promise<QuotaCounter | null>;
  close(): Promise<void>;
}

/** In-process counters: exact for one instance (the embedded setup, or the standalone verifier). */
export class MemoryCounterStore implements CounterStore {
  private rates = new Map<string, WindowCounts & { windowMs: number }>();
  private quotas = new Map<string, QuotaCounter>();
  private lastSweep = 0;

  constructor(private readonly sweepEveryMs = 60_000) {}

  consume(req: ConsumeRequest): Promise<ConsumeResult> {
    return Promise.resolve(this.consumeSync(req));
  }

  consumeSync(req: ConsumeRequest): ConsumeResult {
    const { now } = req;
    const rateId = `${req.keyId}\u0000${req.apiId}`;
    if (now - this.lastSweep > this.sweepEveryMs) this.sweep(now);
    let quota: QuotaCounter | null = null;
    const quotaId = req.quota ? `${req.keyId}\u0000${req.quota.scope}` : "";
    if (req.quota) {
      quota = rollQuota(
        this.quotas.get(quotaId) ?? req.quota.seed ?? undefined,
        now,
        req.quota.renewalMs,
      );
      this.quotas.set(quotaId, quota);
      if (quota.used >= req.quota.max) {
        const stored = this.rates.get(rateId);
        const rate = rateDecide(stored, now, req.windowMs, req.limit);
        return {
          outcome: "quota_exceeded",
          rate: {
            limit: req.limit,
            remaining: rate.allowed ? rate.remaining + 1 : 0,
            reset: rate.reset,
          },
          quota: { limit: req.quota.max, remaining: 0, reset: quota.renewsAt },
          retryAfterMs: quota.renewsAt - now,
          quotaPeriod: null,
        };
      }
    }
    const rate = rateDecide(this.rates.get(rateId), now, req.windowMs, req.limit);
    const rateState = { limit: req.limit, remaining: rate.remaining, reset: rate.reset };
    if (!rate.allowed) {
      return {
        outcome: "rate_limited",
        rate: rateState,
        quota:
          req.quota && quota
            ? {
                limit: req.quota.max,
                remaining: Math.max(0, req.quota.max - quota.used),
                reset: quota.renewsAt,
              }
            : null,
        retryAfterMs: rate.retryAfterMs,
        quotaPeriod: null,
      };
    }
    this.rates.set(rateId, { ...rate.counts, windowMs: req.windowMs });
    if (req.quota && quota) {
      quota = { used: quota.used + 1, renewsAt: quota.renewsAt };
      this.quotas.set(quotaId, quota);
    }
    return {
      outcome: "ok",
      rate: rateState,
      quota:
        req.quota && quota
          ? {
              limit: req.quota.max,
              remaining: Math.max(0, req.quota.max - quota.used),
              reset: quota.renewsAt,
            }
          : null,
      retryAfterMs: 0,
      quotaPeriod: quota ? quota.renewsAt : null,
    };
  }

  peekQuota(keyId: string, scope: string): Promise<QuotaCounter | null> {
    return Promise.resolve(this.quotas.get(`${keyId}\u0000${scope}`) ?? null);
  }

  resetQuota(keyId: string): Promise<void> {
    for (const id of this.quotas.keys())
      if (id.startsWith(`${keyId}\u0000`)) this.quotas.delete(id);
    return Promise.resolve();
  }

  /** Drops windows nobody used for two windows and quotas whose period ended (they restart at 0). */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [id, c] of this.rates)
      if (c.windowStart + 2 * c.windowMs <= now) this.rates.delete(id);
    for (const [id, q] of this.quotas) if (q.renewsAt <= now) this.quotas.delete(id);
  }

  close(): Promise<void> {
    this.rates.clear();
    this.quotas.clear();
    return Promise.resolve();
  }
}
