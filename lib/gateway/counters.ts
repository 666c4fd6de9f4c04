import { msUntilAllowed, type QuotaCounter, type WindowCounts } from "./limits-math";

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

type RateCell = WindowCounts & { windowMs: number };

/**
 * In-process counters: exact for one instance (the embedded setup, or the standalone verifier).
 * Cells are kept per key, then per API (rate) or scope (quota), and updated in place: a call
 * builds no lookup string and allocates nothing but its answer (R-GW-VERIFY, issue 14). The maths
 * is limits-math.ts's, inlined: the same expressions in the same order, so the same answers.
 */
export class MemoryCounterStore implements CounterStore {
  private rates = new Map<string, Map<string, RateCell>>();
  private quotas = new Map<string, Map<string, QuotaCounter>>();
  private lastSweep = 0;

  constructor(private readonly sweepEveryMs = 60_000) {}

  consume(req: ConsumeRequest): Promise<ConsumeResult> {
    return Promise.resolve(this.consumeSync(req));
  }

  consumeSync(req: ConsumeRequest): ConsumeResult {
    const { now, windowMs, limit } = req;
    if (now - this.lastSweep > this.sweepEveryMs) this.sweep(now);
    let quotaCell: QuotaCounter | undefined;
    const q = req.quota;
    if (q) {
      let scopes = this.quotas.get(req.keyId);
      if (!scopes) {
        scopes = new Map();
        this.quotas.set(req.keyId, scopes);
      }
      quotaCell = scopes.get(q.scope);
      // rollQuota, stored whatever the answer (as before); a seed is copied, never changed.
      const from = quotaCell ?? q.seed ?? undefined;
      let used: number;
      let renewsAt: number;
      if (!from) {
        used = 0;
        renewsAt = now + q.renewalMs;
      } else if (now < from.renewsAt) {
        used = from.used;
        renewsAt = from.renewsAt;
      } else {
        used = 0;
        renewsAt =
          from.renewsAt + (Math.floor((now - from.renewsAt) / q.renewalMs) + 1) * q.renewalMs;
      }
      if (quotaCell) {
        quotaCell.used = used;
        quotaCell.renewsAt = renewsAt;
      } else {
        quotaCell = { used, renewsAt };
        scopes.set(q.scope, quotaCell);
      }
    }
    // rateDecide on locals: the cell changes only when the call is allowed.
    let apis = this.rates.get(req.keyId);
    const cell = apis?.get(req.apiId);
    const windowStart = Math.floor(now / windowMs) * windowMs;
    let current = 0;
    let previous = 0;
    if (cell) {
      if (cell.windowStart === windowStart) {
        current = cell.current;
        previous = cell.previous;
      } else if (cell.windowStart === windowStart - windowMs) previous = cell.current;
    }
    const reset = windowStart + windowMs;
    const weighted = (previous * (windowMs - (now - windowStart))) / windowMs;
    const rateAllowed = weighted + current < limit;
    // What remains once this call is counted (rateDecide's `remaining`).
    const remaining = rateAllowed ? Math.max(0, Math.floor(limit - (weighted + (current + 1)))) : 0;

    if (q && quotaCell && quotaCell.used >= q.max) {
      return {
        outcome: "quota_exceeded",
        rate: { limit, remaining: rateAllowed ? remaining + 1 : 0, reset },
        quota: { limit: q.max, remaining: 0, reset: quotaCell.renewsAt },
        retryAfterMs: quotaCell.renewsAt - now,
        quotaPeriod: null,
      };
    }
    if (!rateAllowed) {
      return {
        outcome: "rate_limited",
        rate: { limit, remaining: 0, reset },
        quota:
          q && quotaCell
            ? {
                limit: q.max,
                remaining: Math.max(0, q.max - quotaCell.used),
                reset: quotaCell.renewsAt,
              }
            : null,
        retryAfterMs: msUntilAllowed({ windowStart, current, previous }, now, windowMs, limit),
        quotaPeriod: null,
      };
    }
    if (cell) {
      cell.windowStart = windowStart;
      cell.current = current + 1;
      cell.previous = previous;
      cell.windowMs = windowMs;
    } else {
      if (!apis) {
        apis = new Map();
        this.rates.set(req.keyId, apis);
      }
      apis.set(req.apiId, { windowStart, current: current + 1, previous, windowMs });
    }
    if (q && quotaCell) quotaCell.used += 1;
    return {
      outcome: "ok",
      rate: { limit, remaining, reset },
      quota:
        q && quotaCell
          ? {
              limit: q.max,
              remaining: Math.max(0, q.max - quotaCell.used),
              reset: quotaCell.renewsAt,
            }
          : null,
      retryAfterMs: 0,
      quotaPeriod: quotaCell ? quotaCell.renewsAt : null,
    };
  }

  peekQuota(keyId: string, scope: string): Promise<QuotaCounter | null> {
    const c = this.quotas.get(keyId)?.get(scope);
    return Promise.resolve(c ? { used: c.used, renewsAt: c.renewsAt } : null);
  }

  resetQuota(keyId: string): Promise<void> {
    this.quotas.delete(keyId);
    return Promise.resolve();
  }

  /** Drops windows nobody used for two windows and quotas whose period ended (they restart at 0). */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [keyId, apis] of this.rates) {
      for (const [apiId, c] of apis) if (c.windowStart + 2 * c.windowMs <= now) apis.delete(apiId);
      if (apis.size === 0) this.rates.delete(keyId);
    }
    for (const [keyId, scopes] of this.quotas) {
      for (const [scope, q] of scopes) if (q.renewsAt <= now) scopes.delete(scope);
      if (scopes.size === 0) this.quotas.delete(keyId);
    }
  }

  close(): Promise<void> {
    this.rates.clear();
    this.quotas.clear();
    return Promise.resolve();
  }
}
