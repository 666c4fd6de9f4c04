import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { keys } from "@/db/schema";
import type { ConsumeRequest } from "@/lib/gateway/counters";
import { RedisCounterStore } from "@/lib/gateway/counters-redis";
import { CANCEL_LUA, CONSUME_LUA } from "@/lib/gateway/counters-redis-lua";
import { createGatewayRuntime, type GatewayRuntime } from "@/lib/gateway/instance";
import { describeEachDb } from "../helpers/db";
import { accuracyRun } from "../helpers/gateway-accuracy";
import { makeGatewayWorld } from "../helpers/gateway-fixtures";
import { redisAvailable, TEST_REDIS_URL, testRedis } from "../helpers/gateway-redis";

const up = await redisAvailable();
const unique = () => `key_${randomBytes(8).toString("hex")}`;

describe.skipIf(!up)("R-GW-VERIFY: Redis counters (atomic Lua)", () => {
  const redis = up ? testRedis() : null;
  const store = redis
    ? new RedisCounterStore(redis, `gh:test:${randomBytes(4).toString("hex")}`)
    : null;
  afterAll(async () => {
    await store?.close();
  });
  const consume = (r: ConsumeRequest) => {
    if (!store) throw new Error("no redis");
    return store.consume(r);
  };

  for (const factor of [0.9, 10]) {
    it(`R-GW-VERIFY: accuracy at ${factor}× the limit stays within 0.95–1.2× the theoretical maximum (Redis)`, async () => {
      const { passed, max } = await accuracyRun(consume, {
        limit: 20,
        windowMs: 1000,
        factor,
        windows: 4,
        start: 1_700_000_000_321,
        keyId: unique(),
      });
      expect(passed).toBeGreaterThanOrEqual(max * 0.95);
      expect(passed).toBeLessThanOrEqual(max * 1.2);
    });
  }

  it("R-GW-VERIFY: quota in Redis starts from the Postgres seed, refuses at the max and renews", async () => {
    const keyId = unique();
    const req = (now: number): ConsumeRequest => ({
      keyId,
      apiId: "a",
      limit: 100,
      windowMs: 60_000,
      quota: { scope: "p", max: 3, renewalMs: 10_000, seed: { used: 2, renewsAt: 50_000 } },
      now,
    });
    const first = await consume(req(45_000));
    expect([first.outcome, first.quota?.remaining, first.quotaPeriod]).toEqual(["ok", 0, 50_000]);
    const over = await consume(req(46_000));
    expect([over.outcome, over.retryAfterMs]).toEqual(["quota_exceeded", 4000]);
    const renewed = await consume(req(50_000));
    expect([renewed.outcome, renewed.quota?.remaining, renewed.quota?.reset]).toEqual([
      "ok",
      2,
      60_000,
    ]);
  });
});

describe.skipIf(!up)("R-GW-VERIFY: Redis layout and cancellation", () => {
  const redis = up ? testRedis() : null;
  const prefix = `gh:test:${randomBytes(4).toString("hex")}`;
  const store = redis ? new RedisCounterStore(redis, prefix) : null;
  afterAll(async () => {
    await store?.close();
  });

  it("R-SCALE: resetting a key's quota deletes its one counter hash (no key search), every scope at once", async () => {
    if (!store || !redis) throw new Error("no redis");
    const keyId = unique();
    const req = (scope: string): ConsumeRequest => ({
      keyId,
      apiId: "a",
      limit: 100,
      windowMs: 60_000,
      quota: { scope, max: 10, renewalMs: 60_000, seed: null },
      now: Date.now(),
    });
    await store.consume(req("p1"));
    await store.consume(req("p2"));
    await store.consume(req("p2"));
    expect((await store.peekQuota(keyId, "p2"))?.used).toBe(2);
    expect(await redis.exists(`${prefix}:quota:{${keyId}}`)).toBe(1);
    await store.resetQuota(keyId);
    expect([await store.peekQuota(keyId, "p1"), await store.peekQuota(keyId, "p2")]).toEqual([
      null,
      null,
    ]);
    const again = await store.consume(req("p1"));
    expect(again.quota?.remaining).toBe(9);
  });

  it("R-GW-VERIFY: a cancelled call consumes nothing, whether its script ran before the cancel or arrives after it", async () => {
    if (!redis) throw new Error("no redis");
    const keyId = unique();
    const name = (k: string) => `${prefix}:${k}:{${keyId}}`;
    const [win, prev, quota, ops] = [name("w"), name("p"), name("q"), name("o")] as const;
    const consume = (opId: string) =>
      redis.eval(
        CONSUME_LUA,
        4,
        win,
        prev,
        quota,
        ops,
        ...[1000, 60_000, 100, 0, "1"],
        ...[10, 60_000, 0, 0, "s", opId, 60_000],
      ) as Promise<number[]>;
    const cancel = (opId: string) =>
      redis.eval(CANCEL_LUA, 3, ops, win, quota, opId, "s", 60_000) as Promise<number>;
    const units = async () => [
      Number(await redis.get(win)),
      Number(await redis.hget(quota, "s:u")),
    ];

    expect((await consume("a"))[0]).toBe(0);
    expect((await consume("b"))[0]).toBe(0);
    expect(await units()).toEqual([2, 2]);
    // Ran, then cancelled (its answer was lost): undone once, however often the cancel is sent.
    expect([await cancel("b"), await cancel("b")]).toEqual([1, 0]);
    expect(await units()).toEqual([1, 1]);
    // Cancelled before it arrived (held on a stalled connection): it arrives and does nothing.
    expect(await cancel("c")).toBe(0);
    expect((await consume("c"))[0]).toBe(3);
    // Sent twice: counted once.
    expect((await consume("a"))[0]).toBe(3);
    expect(await units()).toEqual([1, 1]);
  });
});

describeEachDb(
  "R-KEY-POLICY-CHANGE: several instances sharing Redis",
  (getDb) => {
    const runtimes: GatewayRuntime[] = [];
    const start = () => {
      const r = createGatewayRuntime({
        db: getDb(),
        redisUrl: TEST_REDIS_URL,
        cacheTtlMs: 10_000,
        dbTimeoutMs: 2000,
        flushIntervalMs: 0,
        log: () => undefined,
      });
      runtimes.push(r);
      return r.gateway;
    };
    afterAll(async () => {
      await Promise.all(runtimes.map((r) => r.close()));
    });

    it("R-KEY-POLICY-CHANGE: a revocation on one instance reaches the other at once (pub/sub), and rate limits are shared", async () => {
      const db = getDb();
      const w = await makeGatewayWorld(db, { rate: 3, per: 60 });
      const [a, b] = [start(), start()];
      await Promise.all(runtimes.map((r) => r.subscribed));
      const v = (g: typeof a) =>
        g.verify(w.org.id, { key: w.key.plaintext, path: "/weather/", method: "GET" });
      expect((await v(a)).code).toBe("valid");
      expect((await v(b)).code).toBe("valid");
      expect((await v(a)).code).toBe("valid");
      expect((await v(b)).code).toBe("rate_limited");
      await db.update(keys).set({ status: "revoked" }).where(eq(keys.id, w.key.row.id));
      a.invalidate({ type: "key", id: w.key.row.id });
      const deadline = Date.now() + 1000;
      let code = (await v(b)).code;
      while (code !== "key_revoked" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        code = (await v(b)).code;
      }
      expect(code).toBe("key_revoked");
    });
  },
  { only: up ? undefined : [] },
);
