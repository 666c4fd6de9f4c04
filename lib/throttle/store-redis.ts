import type { Redis } from "ioredis";
import type { Decision } from "./math";
import type { Rule } from "./rules";
import type { ThrottleStore } from "./store";

// The rules of lib/throttle/math.ts as Lua, so check and count are one atomic step across every
// instance that shares the Redis. The app's clock is passed in (ARGV[1]); PEXPIRE only collects.
// A hash per key: c = count, a = window start (window) or last attempt (penalty).
const WINDOW = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local c = tonumber(redis.call('HGET', KEYS[1], 'c') or '0')
local a = tonumber(redis.call('HGET', KEYS[1], 'a') or '0')
if c == 0 or now >= a + windowMs then
  redis.call('HSET', KEYS[1], 'c', 1, 'a', now)
  redis.call('PEXPIRE', KEYS[1], windowMs)
  return {1, 0}
end
if c >= limit then return {0, a + windowMs - now} end
redis.call('HSET', KEYS[1], 'c', c + 1)
return {1, 0}
`;

const PENALTY = `
local now = tonumber(ARGV[1])
local free = tonumber(ARGV[2])
local base = tonumber(ARGV[3])
local max = tonumber(ARGV[4])
local forget = tonumber(ARGV[5])
local function delay(n)
  if n < free then return 0 end
  local d = base * (2 ^ (n - free))
  if d > max then d = max end
  return d
end
local c = tonumber(redis.call('HGET', KEYS[1], 'c') or '0')
local a = tonumber(redis.call('HGET', KEYS[1], 'a') or '0')
if c > 0 then
  local wait = delay(c)
  if now < a + wait then return {0, a + wait - now} end
  if now >= a + wait + forget then c = 0 end
end
c = c + 1
redis.call('HSET', KEYS[1], 'c', c, 'a', now)
redis.call('PEXPIRE', KEYS[1], delay(c) + forget)
return {1, 0}
`;

type Reply = [number, number];
type Scripts = {
  gatehouseThrottleWindow: (key: string, ...args: number[]) => Promise<Reply>;
  gatehouseThrottlePenalty: (key: string, ...args: number[]) => Promise<Reply>;
};

export class RedisThrottleStore implements ThrottleStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "gh:th",
  ) {
    redis.defineCommand("gatehouseThrottleWindow", { numberOfKeys: 1, lua: WINDOW });
    redis.defineCommand("gatehouseThrottlePenalty", { numberOfKeys: 1, lua: PENALTY });
  }

  async take(key: string, rule: Rule, now: number): Promise<Decision> {
    const scripts = this.redis as unknown as Scripts;
    const k = `${this.prefix}:${key}`;
    const [allowed, retryAfterMs] =
      rule.kind === "window"
        ? await scripts.gatehouseThrottleWindow.call(this.redis, k, now, rule.limit, rule.windowMs)
        : await scripts.gatehouseThrottlePenalty.call(
            this.redis,
            k,
            now,
            rule.free,
            rule.baseDelayMs,
            rule.maxDelayMs,
            rule.forgetMs,
          );
    return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMs) };
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}:${key}`);
  }
}
