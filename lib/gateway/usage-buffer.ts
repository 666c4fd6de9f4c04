import type { QuotaDelta, UsageRow } from "@/db/queries/usage-write";

export type FlushBatch = {
  usage: UsageRow[];
  lastUsed: Array<{ orgId: string; keyId: string; at: Date }>;
  quota: QuotaDelta[];
  tokens: Array<{ orgId: string; tokenId: string; at: Date }>;
};

const HOUR = 3_600_000;

/**
 * Everything the hot path counts, kept in memory and written in one transaction per flush:
 * hourly usage per key/API, last-used times, quota deltas and gateway-token last use.
 * A failed flush is merged back, so a retry neither loses nor doubles a count.
 */
export class UsageBuffer {
  private usage = new Map<string, UsageRow>();
  private lastUsed = new Map<string, { orgId: string; keyId: string; at: number }>();
  private quota = new Map<
    string,
    { orgId: string; keyId: string; scope: string; delta: number; renewsAt: number }
  >();
  private tokens = new Map<string, { orgId: string; tokenId: string; at: number }>();

  record(
    orgId: string,
    keyId: string,
    apiId: string,
    at: number,
    success: boolean,
    count = 1,
  ): void {
    const hour = Math.floor(at / HOUR) * HOUR;
    const id = `${keyId}\u0000${apiId}\u0000${hour}`;
    let row = this.usage.get(id);
    if (!row) {
      row = { orgId, keyId, apiId, hour: new Date(hour), requests: 0, successes: 0, errors: 0 };
      this.usage.set(id, row);
    }
    row.requests += count;
    if (success) row.successes += count;
    else row.errors += count;
    const seen = this.lastUsed.get(keyId);
    if (!seen || seen.at < at) this.lastUsed.set(keyId, { orgId, keyId, at });
  }

  /** One consumed quota unit. A delta of an older period is dropped: once renewed it no longer matters. */
  addQuota(orgId: string, keyId: string, scope: string, renewsAt: number, delta = 1): void {
    const id = `${keyId}\u0000${scope}`;
    const cur = this.quota.get(id);
    if (!cur || cur.renewsAt < renewsAt)
      this.quota.set(id, { orgId, keyId, scope, delta, renewsAt });
    else if (cur.renewsAt === renewsAt) cur.delta += delta;
  }

  touchToken(orgId: string, tokenId: string, at: number): void {
    const seen = this.tokens.get(tokenId);
    if (!seen || seen.at < at) this.tokens.set(tokenId, { orgId, tokenId, at });
  }

  get empty(): boolean {
    return (
      this.usage.size === 0 &&
      this.quota.size === 0 &&
      this.lastUsed.size === 0 &&
      this.tokens.size === 0
    );
  }

  /** Quota units counted here but not yet written, for one key and scope. */
  pendingQuota(keyId: string, scope: string): { delta: number; renewsAt: number } | null {
    return this.quota.get(`${keyId}\u0000${scope}`) ?? null;
  }

  drain(): FlushBatch | null {
    if (this.empty) return null;
    const batch: FlushBatch = {
      usage: [...this.usage.values()],
      lastUsed: [...this.lastUsed.values()].map((v) => ({
        orgId: v.orgId,
        keyId: v.keyId,
        at: new Date(v.at),
      })),
      quota: [...this.quota.values()].map((q) => ({
        orgId: q.orgId,
        keyId: q.keyId,
        scope: q.scope,
        delta: q.delta,
        renewsAt: new Date(q.renewsAt),
      })),
      tokens: [...this.tokens.values()].map((t) => ({
        orgId: t.orgId,
        tokenId: t.tokenId,
        at: new Date(t.at),
      })),
    };
    this.usage = new Map();
    this.lastUsed = new Map();
    this.quota = new Map();
    this.tokens = new Map();
    return batch;
  }

  /** Puts a batch whose write failed back, merged with what was counted meanwhile. */
  restore(batch: FlushBatch): void {
    for (const r of batch.usage) {
      const id = `${r.keyId}\u0000${r.apiId}\u0000${r.hour.getTime()}`;
      const cur = this.usage.get(id);
      if (cur) {
        cur.requests += r.requests;
        cur.successes += r.successes;
        cur.errors += r.errors;
      } else {
        this.usage.set(id, { ...r });
      }
    }
    for (const l of batch.lastUsed) {
      const seen = this.lastUsed.get(l.keyId);
      if (!seen || seen.at < l.at.getTime())
        this.lastUsed.set(l.keyId, { orgId: l.orgId, keyId: l.keyId, at: l.at.getTime() });
    }
    for (const q of batch.quota)
      this.addQuota(q.orgId, q.keyId, q.scope, q.renewsAt.getTime(), q.delta);
    for (const t of batch.tokens) this.touchToken(t.orgId, t.tokenId, t.at.getTime());
  }

  /** Rows waiting to be written (a bound on memory while the database is down). */
  get size(): number {
    return this.usage.size + this.quota.size;
  }
}
