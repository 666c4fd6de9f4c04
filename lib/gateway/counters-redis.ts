import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { ConsumeRequest, ConsumeResult, CounterStore } from "./counters";
import { CANCEL_LUA, CONSUME_LUA } from "./counters-redis-lua";
import type { QuotaCounter } from "./limits-math";
import { msUntilAllowed, windowStartOf } from "./limits-math";

type ScriptReply = [number, number, number, number, number];
type Scripts = {
  gatehouseConsume: (...args: Array<string | number>) => Promise<ScriptReply>;
  gatehouseCancel: (...args: Array<string | number>) => Promise<number>;
};
/** What undoing one op needs: its keys, prepared when it was sent. */
type Cancel = { opId: string; opKey: string; windowKey: string; quotaKey: string; scope: string };

/** Raised when Redis did not answer within the budget; the caller answers 503. */
export class CounterUnavailableError extends Error {
  name = "CounterUnavailableError";
}

/** Op ids: unique per process and call, short (they are hash fields for a few minutes). */
const PROCESS_TAG = randomBytes(6).toString("base64url");
let sequence = 0;

/** Op markers outlive the longest outage after which a cancel still finds its op (docs/GATEWAY.md). */
const OP_TTL_MS = 180_000;
const MAX_PENDING_CANCELS = 100_000;
const CANCEL_RETRY_MS = 200;

/**
 * Rate and quota counters shared by every instance on one Redis (R-GW-VERIFY, R-SCALE): one Lua
 * script per call checks and consumes atomically (lib/gateway/counters-redis-lua.ts).
 *
 * Lose nothing, count nothing twice: a call answers within its budget or fails, and a call that
 * failed never consumes units, now or later. The client runs without an offline queue or resend
 * (lib/gateway/instance.ts), so nothing is replayed by ioredis; a script that was already on the
 * wire when the budget ran out (or the connection broke) is cancelled once Redis answers again —
 * undone if it ran, made a no-op if it arrives later still.
 */
export class RedisCounterStore implements CounterStore {
  private readonly pending = new Map<string, Cancel>();
  private draining: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private everReady: boolean;
  private firstReady: Promise<void> | null = null;
  private droppedCancels = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = "gh:gw",
    private readonly defaultTimeoutMs = 1500,
    private readonly log: (m: string) => void = () => undefined,
  ) {
    redis.defineCommand("gatehouseConsume", { numberOfKeys: 4, lua: CONSUME_LUA });
    redis.defineCommand("gatehouseCancel", { numberOfKeys: 3, lua: CANCEL_LUA });
    this.everReady = redis.status === "ready";
    redis.on("ready", () => {
      this.everReady = true;
      void this.drainCancels();
    });
  }

  private get scripts(): Scripts {
    return this.redis as unknown as Scripts;
  }

  private quotaKey(keyId: string): string {
    return `${this.prefix}:quota:{${keyId}}`;
  }

  async peekQuota(keyId: string, scope: string): Promise<QuotaCounter | null> {
    if (this.redis.status !== "ready" && !this.everReady)
      await this.untilFirstReady(performance.now() + this.defaultTimeoutMs);
    const [u, r] = await this.redis.hmget(this.quotaKey(keyId), `${scope}:u`, `${scope}:r`);
    return u !== null && r !== null ? { used: Number(u), renewsAt: Number(r) } : null;
  }

  /** Settles within `timeoutMs`; a rejection means no unit was (or ever will be) consumed. */
  async consume(req: ConsumeRequest, timeoutMs = this.defaultTimeoutMs): Promise<ConsumeResult> {
    const deadline = performance.now() + timeoutMs;
    if (this.redis.status !== "ready") {
      // Only the very first connection is waited for (a process's first call); later, while
      // Redis is away, calls fail at once instead of each waiting out its budget.
      if (this.everReady) throw new CounterUnavailableError("Redis is not connected.");
      await this.untilFirstReady(deadline);
    }
    const { now, windowMs, limit } = req;
    const start = windowStartOf(now, windowMs);
    const rateBase = `${this.prefix}:rl:{${req.keyId}}:${req.apiId}:${windowMs}`;
    const q = req.quota;
    const cancel: Cancel = {
      opId: `${PROCESS_TAG}${(++sequence).toString(36)}`,
      opKey: `${this.prefix}:op:{${req.keyId}}:${Math.floor(now / 60_000)}`,
      windowKey: `${rateBase}:${start}`,
      quotaKey: this.quotaKey(req.keyId),
      scope: q ? q.scope : "-",
    };
    const sent = this.scripts.gatehouseConsume.call(
      this.redis,
      cancel.windowKey,
      `${rateBase}:${start - windowMs}`,
      cancel.quotaKey,
      cancel.opKey,
      now,
      windowMs,
      limit,
      start,
      q ? "1" : "0",
      q?.max ?? 0,
      q?.renewalMs ?? 0,
      q?.seed?.used ?? 0,
      q?.seed?.renewsAt ?? 0,
      cancel.scope,
      cancel.opId,
      OP_TTL_MS,
    );
    let reply: ScriptReply;
    try {
      reply = await withDeadline(sent, deadline);
    } catch (err) {
      // It may have run, or may still run: make sure it counts for nothing.
      sent.catch(() => undefined);
      this.scheduleCancel(cancel);
      throw err;
    }
    const [outcome, current, previous, used, renews] = reply;
    if (outcome === 3) throw new CounterUnavailableError("The call was cancelled.");
    const reset = start + windowMs;
    const estimate = (previous * (windowMs - (now - start))) / windowMs + current;
    const quota = q ? { limit: q.max, remaining: Math.max(0, q.max - used), reset: renews } : null;
    if (outcome === 2) {
      return {
        outcome: "quota_exceeded",
        rate: { limit, remaining: Math.max(0, Math.floor(limit - estimate)), reset },
        quota,
        retryAfterMs: renews - now,
        quotaPeriod: null,
      };
    }
    if (outcome === 1) {
      const window = { windowStart: start, current, previous };
      return {
        outcome: "rate_limited",
        rate: { limit, remaining: 0, reset },
        quota,
        retryAfterMs: msUntilAllowed(window, now, windowMs, limit),
        quotaPeriod: null,
      };
    }
    return {
      outcome: "ok",
      rate: { limit, remaining: Math.max(0, Math.floor(limit - estimate)), reset },
      quota,
      retryAfterMs: 0,
      quotaPeriod: q ? renews : null,
    };
  }

  private untilFirstReady(deadline: number): Promise<void> {
    this.firstReady ??= new Promise<void>((resolve) => this.redis.once("ready", () => resolve()));
    return withDeadline(this.firstReady, deadline);
  }

  /** Cancels not yet confirmed by Redis (tests wait for 0; a gauge for operators). */
  get pendingCancels(): number {
    return this.pending.size;
  }

  private scheduleCancel(c: Cancel): void {
    if (this.pending.size >= MAX_PENDING_CANCELS) {
      if (this.droppedCancels++ % 10_000 === 0)
        this.log(`gateway: redis: ${this.droppedCancels} cancellations dropped (outage too long)`);
      return;
    }
    this.pending.set(c.opId, c);
    this.armRetry();
  }

  private armRetry(): void {
    if (this.retryTimer || this.pending.size === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.drainCancels().finally(() => this.armRetry());
    }, CANCEL_RETRY_MS);
    this.retryTimer.unref();
  }

  /** Sends every pending cancel once Redis is connected; a cancel is idempotent, so resending is safe. */
  drainCancels(): Promise<void> {
    if (this.draining || this.pending.size === 0 || this.redis.status !== "ready")
      return this.draining ?? Promise.resolve();
    const batch = [...this.pending.values()];
    this.draining = Promise.all(
      batch.map((c) =>
        withDeadline(
          this.scripts.gatehouseCancel.call(
            this.redis,
            ...[c.opKey, c.windowKey, c.quotaKey, c.opId, c.scope, OP_TTL_MS],
          ),
          performance.now() + this.defaultTimeoutMs,
        ).then(
          () => void this.pending.delete(c.opId),
          () => undefined,
        ),
      ),
    ).then(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** One DEL: the layout keeps a key's quota counters in one hash, so nothing is searched. */
  async resetQuota(keyId: string): Promise<void> {
    await this.redis.del(this.quotaKey(keyId));
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await withDeadline(this.drainCancels(), performance.now() + this.defaultTimeoutMs).catch(
      () => undefined,
    );
    if (this.pending.size)
      this.log(`gateway: redis: ${this.pending.size} cancellations not delivered at close`);
    // quit() needs a connection; without one, stop reconnecting so nothing keeps the process alive.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Rejects with CounterUnavailableError once performance.now() passes `deadline`. */
function withDeadline<T>(p: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CounterUnavailableError("Redis did not answer in time.")),
      Math.max(0, deadline - performance.now()),
    );
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}
