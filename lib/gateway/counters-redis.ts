import type { Redis } from "ioredis";
import type { ConsumeRequest, ConsumeResult, CounterStore } from "./counters";
import type { QuotaCounter } from "./limits-math";
import { msUntilAllowed, windowStartOf } from "./limits-math";

/**
 * The same algorithm as MemoryCounterStore (lib/gateway/limits-math.ts), as one Lua script so a
 * request's quota check, rate check and both increments are atomic across every instance that
 * shares the Redis. Keys carry the key id in braces so they share a cluster hash slot.
 *
 * KEYS: 1 current window, 2 previous window, 3 quota hash (u = used, r = renews at)
 * ARGV: now, windowMs, limit, windowStart, hasQuota, quotaMax, renewalMs, seedUsed, seedRenewsAt
 * Returns: { outcome (0 ok, 1 rate, 2 quota), current, previous, quotaUsed, quotaRenewsAt }
 */
const SCRIPT = `
local now = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local windowStart = tonumber(ARGV[4])
local hasQuota = ARGV[5] == '1'
local used = 0
local renews = 0
if hasQuota then
  local qmax = tonumber(ARGV[6])
  local renewal = tonumber(ARGV[7])
  local stored = redis.call('HMGET', KEYS[3], 'u', 'r')
  if stored[1] then
    used = tonumber(stored[1])
    renews = tonumber(stored[2])
  else
    used = tonumber(ARGV[8])
    renews = tonumber(ARGV[9])
    if renews == 0 then
      used = 0
      renews = now + renewal
    end
  end
  if now >= renews then
    renews = renews + (math.floor((now - renews) / renewal) + 1) * renewal
    used = 0
  end
  if used >= qmax then
    redis.call('HSET', KEYS[3], 'u', used, 'r', renews)
    redis.call('PEXPIRE', KEYS[3], renews - now + 60000)
    local c = tonumber(redis.call('GET', KEYS[1]) or '0')
    local p = tonumber(redis.call('GET', KEYS[2]) or '0')
    return {2, c, p, used, renews}
  end
end
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local estimate = previous * (windowMs - (now - windowStart)) / windowMs + current
if estimate >= limit then
  return {1, current, previous, used, renews}
end
current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], windowMs * 2 + 1000) end
if hasQuota then
  used = used + 1
  redis.call('HSET', KEYS[3], 'u', used, 'r', renews)
  redis.call('PEXPIRE', KEYS[3], renews - now + 60000)
end
return {0, current, previous, used, renews}
`;

type ScriptReply = [number, number, number, number, number];

export class RedisCounterStore implements CounterStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "gh:gw",
  ) {
    redis.defineCommand("gatehouseConsume", { numberOfKeys: 3, lua: SCRIPT });
  }

  async peekQuota(keyId: string, scope: string): Promise<QuotaCounter | null> {
    const [u, r] = await this.redis.hmget(`${this.prefix}:q:{${keyId}}:${scope}`, "u", "r");
    return u !== null && r !== null ? { used: Number(u), renewsAt: Number(r) } : null;
  }

  async consume(req: ConsumeRequest): Promise<ConsumeResult> {
    const { now, windowMs, limit } = req;
    const start = windowStartOf(now, windowMs);
    const rateBase = `${this.prefix}:rl:{${req.keyId}}:${req.apiId}:${windowMs}`;
    const q = req.quota;
    const quotaKey = `${this.prefix}:q:{${req.keyId}}:${q ? q.scope : "none"}`;
    const run = (
      this.redis as unknown as {
        gatehouseConsume: (...args: Array<string | number>) => Promise<ScriptReply>;
      }
    ).gatehouseConsume;
    const [outcome, current, previous, used, renews] = await run.call(
      this.redis,
      `${rateBase}:${start}`,
      `${rateBase}:${start - windowMs}`,
      quotaKey,
      now,
      windowMs,
      limit,
      start,
      q ? "1" : "0",
      q?.max ?? 0,
      q?.renewalMs ?? 0,
      q?.seed?.used ?? 0,
      q?.seed?.renewsAt ?? 0,
    );
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
      const retryAfterMs = msUntilAllowed(
        { windowStart: start, current, previous },
        now,
        windowMs,
        limit,
      );
      return {
        outcome: "rate_limited",
        rate: { limit, remaining: 0, reset },
        quota,
        retryAfterMs,
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

  async resetQuota(keyId: string): Promise<void> {
    const keys = await this.redis.keys(`${this.prefix}:q:{${keyId}}:*`);
    if (keys.length) await this.redis.del(...keys);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
