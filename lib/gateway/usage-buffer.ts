import type { QuotaDelta, UsageRow } from "@/db/queries/usage-write";

export type FlushBatch = {
  usage: UsageRow[];
  lastUsed: Array<{ orgId: string; keyId: string; at: Date }>;
  quota: QuotaDelta[];
  tokens: Array<{ orgId: string; tokenId: string; at: Date }>;
};

const HOUR = 3_600_000;

type KeyUsage = {
  orgId: string;
  keyId: string;
  lastUsed: number;
  /** apiId → hour (epoch ms) → row. */
  apis: Map<string, Map<number, UsageRow>>;
};
type QuotaPending = {
  orgId: string;
  keyId: string;
  scope: string;
  delta: number;
  renewsAt: number;
};
type TokenUse = { orgId: string; tokenId: string; at: number };

/**
 * Everything the hot path counts, kept in memory and written in one transaction per flush:
 * hourly usage per key/API, last-used times, quota deltas and gateway-token last use.
 * A failed flush is merged back, so a retry neither loses nor doubles a count.
 *
 * Kept per key, then per API and hour (numbers), and updated in place: counting a call builds no
 * lookup string and, once its row exists, allocates nothing (R-GW-VERIFY, issue 14).
 */
export class UsageBuffer {
  private keys = new Map<string, KeyUsage>();
  private rows = 0;
  private quota = new Map<string, Map<string, QuotaPending>>();
  private quotaRows = 0;
  private tokens = new Map<string, TokenUse>();

  record(
    orgId: string,
    keyId: string,
    apiId: string,
    at: number,
    /** null for an allowed call; for a refused one, its code (counted by code for the Usage page). */
    refusal: string | null,
    count = 1,
  ): void {
    const hour = Math.floor(at / HOUR) * HOUR;
    let k = this.keys.get(keyId);
    if (!k) {
      k = { orgId, keyId, lastUsed: at, apis: new Map() };
      this.keys.set(keyId, k);
    } else if (k.lastUsed < at) k.lastUsed = at;
    let hours = k.apis.get(apiId);
    if (!hours) {
      hours = new Map();
      k.apis.set(apiId, hours);
    }
    let row = hours.get(hour);
    if (!row) {
      row = {
        orgId,
        keyId,
        apiId,
        hour: new Date(hour),
        requests: 0,
        successes: 0,
        errors: 0,
        refusals: null,
      };
      hours.set(hour, row);
      this.rows++;
    }
    row.requests += count;
    if (refusal === null) row.successes += count;
    else {
      row.errors += count;
      const codes = (row.refusals ??= new Map());
      codes.set(refusal, (codes.get(refusal) ?? 0) + count);
    }
  }

  /** One consumed quota unit. A delta of an older period is dropped: once renewed it no longer matters. */
  addQuota(orgId: string, keyId: string, scope: string, renewsAt: number, delta = 1): void {
    let scopes = this.quota.get(keyId);
    if (!scopes) {
      scopes = new Map();
      this.quota.set(keyId, scopes);
    }
    const cur = scopes.get(scope);
    if (!cur) {
      scopes.set(scope, { orgId, keyId, scope, delta, renewsAt });
      this.quotaRows++;
    } else if (cur.renewsAt < renewsAt) {
      cur.delta = delta;
      cur.renewsAt = renewsAt;
    } else if (cur.renewsAt === renewsAt) cur.delta += delta;
  }

  touchToken(orgId: string, tokenId: string, at: number): void {
    const seen = this.tokens.get(tokenId);
    if (!seen) this.tokens.set(tokenId, { orgId, tokenId, at });
    else if (seen.at < at) seen.at = at;
  }

  get empty(): boolean {
    return this.keys.size === 0 && this.quota.size === 0 && this.tokens.size === 0;
  }

  /** Quota units counted here but not yet written, for one key and scope. */
  pendingQuota(keyId: string, scope: string): { delta: number; renewsAt: number } | null {
    return this.quota.get(keyId)?.get(scope) ?? null;
  }

  drain(): FlushBatch | null {
    if (this.empty) return null;
    const batch: FlushBatch = { usage: [], lastUsed: [], quota: [], tokens: [] };
    for (const k of this.keys.values()) {
      batch.lastUsed.push({ orgId: k.orgId, keyId: k.keyId, at: new Date(k.lastUsed) });
      for (const hours of k.apis.values()) for (const row of hours.values()) batch.usage.push(row);
    }
    for (const scopes of this.quota.values())
      for (const q of scopes.values())
        batch.quota.push({
          orgId: q.orgId,
          keyId: q.keyId,
          scope: q.scope,
          delta: q.delta,
          renewsAt: new Date(q.renewsAt),
        });
    for (const t of this.tokens.values())
      batch.tokens.push({ orgId: t.orgId, tokenId: t.tokenId, at: new Date(t.at) });
    this.keys = new Map();
    this.rows = 0;
    this.quota = new Map();
    this.quotaRows = 0;
    this.tokens = new Map();
    return batch;
  }

  /** Puts a batch whose write failed back, merged with what was counted meanwhile. */
  restore(batch: FlushBatch): void {
    for (const r of batch.usage) {
      const at = r.hour.getTime();
      if (r.successes) this.record(r.orgId, r.keyId, r.apiId, at, null, r.successes);
      let coded = 0;
      for (const [code, n] of r.refusals ?? []) {
        this.record(r.orgId, r.keyId, r.apiId, at, code, n);
        coded += n;
      }
      // Errors recorded without a code (none today) keep their count under "unknown".
      if (r.errors > coded) this.record(r.orgId, r.keyId, r.apiId, at, "unknown", r.errors - coded);
    }
    for (const l of batch.lastUsed) {
      const k = this.keys.get(l.keyId);
      const at = l.at.getTime();
      if (!k)
        this.keys.set(l.keyId, { orgId: l.orgId, keyId: l.keyId, lastUsed: at, apis: new Map() });
      else if (k.lastUsed < at) k.lastUsed = at;
    }
    for (const q of batch.quota)
      this.addQuota(q.orgId, q.keyId, q.scope, q.renewsAt.getTime(), q.delta);
    for (const t of batch.tokens) this.touchToken(t.orgId, t.tokenId, t.at.getTime());
  }

  /** Rows waiting to be written (a bound on memory while the database is down). */
  get size(): number {
    return this.rows + this.quotaRows;
  }
}
