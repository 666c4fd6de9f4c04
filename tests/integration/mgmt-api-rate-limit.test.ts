import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  ApiRateLimiter,
  MemoryRateCounter,
  type RateCounter,
  RedisRateCounter,
} from "@/lib/api/rate-limit";
import { testRedis } from "../helpers/gateway-redis";

/**
 * R-MGMT-API: the per-token rate limit counted in Redis is shared by every instance (two limiters
 * on one Redis, as two Next instances), and holds per instance when Redis fails.
 */
describe("R-MGMT-API: the management API's rate limit store", () => {
  const redis = testRedis();
  afterAll(() => redis.quit());

  it("R-MGMT-API: two instances sharing Redis share one count per token and window; other tokens and the next window start afresh", async () => {
    let now = Date.UTC(2026, 10, 26, 12, 0, 0);
    const token = `tok_${randomUUID().replace(/-/g, "")}`;
    const make = () =>
      new ApiRateLimiter({ limit: 5, counter: new RedisRateCounter(redis), now: () => now });
    const [a, b] = [make(), make()];
    const allowed: boolean[] = [];
    for (let i = 0; i < 7; i++) allowed.push((await (i % 2 ? a : b).take(token)).allowed);
    expect(allowed).toEqual([true, true, true, true, true, false, false]);
    const last = await a.take(token);
    expect(last).toMatchObject({ allowed: false, limit: 5, remaining: 0, resetMs: 60_000 });
    expect((await b.take(`${token}x`)).remaining).toBe(4);
    now += 60_000;
    expect(await a.take(token)).toMatchObject({ allowed: true, remaining: 4 });
    // The window's key expires on its own (no growing set of keys).
    const window = Math.floor(now / 60_000) - 1;
    const ttl = await redis.pttl(`gh:api-rl:${token}:${window}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("R-MGMT-API: when Redis fails the limit still holds, counted in this instance", async () => {
    const broken: RateCounter = {
      incr: () => Promise.reject(new Error("connection refused")),
    };
    const now = Date.UTC(2026, 10, 26, 12, 0, 0);
    const limiter = new ApiRateLimiter({
      limit: 2,
      counter: broken,
      fallback: new MemoryRateCounter(() => now),
      now: () => now,
    });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await limiter.take("tok_x")).allowed);
    expect(answers).toEqual([true, true, false]);
    // Without a fallback the failure surfaces (the route answers a 500 problem, not "allowed").
    await expect(new ApiRateLimiter({ counter: broken }).take("tok_x")).rejects.toThrow();
  });
});
