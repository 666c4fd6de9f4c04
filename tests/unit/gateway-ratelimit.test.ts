import { describe, expect, it } from "vitest";
import { type ConsumeRequest, MemoryCounterStore } from "@/lib/gateway/counters";
import { accuracyRun } from "../helpers/gateway-accuracy";
import {
  msUntilAllowed,
  rateDecide,
  rollQuota,
  slidingEstimate,
  type WindowCounts,
} from "@/lib/gateway/limits-math";

describe("R-GW-VERIFY: sliding-window rate limit (lib/gateway/limits-math.ts)", () => {
  it("R-GW-VERIFY: allows exactly `limit` in a fresh window, then refuses with a retry time", () => {
    let c: WindowCounts | undefined;
    const W = 60_000;
    const t0 = 1_000_000 * W + 5000;
    for (let i = 0; i < 10; i++) {
      const r = rateDecide(c, t0 + i, W, 10);
      expect(r.allowed).toBe(true);
      expect(r.remaining).toBe(9 - i);
      c = r.counts;
    }
    const refused = rateDecide(c, t0 + 20, W, 10);
    expect(refused.allowed).toBe(false);
    expect(refused.reset).toBe(1_000_000 * W + W);
    // Nothing in the previous window: the next window lets the estimate fall below the limit
    // as soon as the weighted count of this one is under 10 → just after the window ends.
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    const at = t0 + 20 + refused.retryAfterMs;
    expect(rateDecide(refused.counts, at, W, 10).allowed).toBe(true);
    expect(rateDecide(refused.counts, at - 2, W, 10).allowed).toBe(false);
  });

  it("R-GW-VERIFY: the previous window's weight fades as the window slides", () => {
    const W = 10_000;
    const c: WindowCounts = { windowStart: 0, current: 0, previous: 10 };
    expect(slidingEstimate(c, 0, W)).toBe(10);
    expect(slidingEstimate(c, 5000, W)).toBe(5);
    const wait = msUntilAllowed({ windowStart: 0, current: 4, previous: 10 }, 0, W, 10);
    // 10 × (1 − f) + 4 < 10 ⇔ f > 0.4
    expect(wait).toBe(4001);
  });

  for (const factor of [0.9, 10]) {
    it(`R-GW-VERIFY: accuracy at ${factor}× the limit over 5 windows stays within 0.95–1.2× the theoretical maximum`, async () => {
      for (const { limit, windowMs } of [
        { limit: 10, windowMs: 1000 },
        { limit: 100, windowMs: 10_000 },
        { limit: 50, windowMs: 60_000 },
      ]) {
        const store = new MemoryCounterStore();
        const { passed, max } = await accuracyRun((r) => store.consume(r), {
          limit,
          windowMs,
          factor,
          windows: 5,
          start: 1_700_000_000_123,
        });
        expect(passed, `limit ${limit}/${windowMs} ms at ${factor}×`).toBeGreaterThanOrEqual(
          max * 0.95,
        );
        expect(passed, `limit ${limit}/${windowMs} ms at ${factor}×`).toBeLessThanOrEqual(
          max * 1.2,
        );
      }
    });
  }

  it("R-GW-VERIFY: counters are per key and API", async () => {
    const store = new MemoryCounterStore();
    const req = (apiId: string): ConsumeRequest => ({
      keyId: "k",
      apiId,
      limit: 1,
      windowMs: 1000,
      quota: null,
      now: 5_000,
    });
    expect((await store.consume(req("a"))).outcome).toBe("ok");
    expect((await store.consume(req("a"))).outcome).toBe("rate_limited");
    expect((await store.consume(req("b"))).outcome).toBe("ok");
  });
});

describe("R-GW-VERIFY: quota with renewal", () => {
  it("R-GW-VERIFY: rollQuota starts a period at first use and renews on a fixed grid", () => {
    expect(rollQuota(undefined, 1000, 500)).toEqual({ used: 0, renewsAt: 1500 });
    expect(rollQuota({ used: 7, renewsAt: 1500 }, 1499, 500)).toEqual({ used: 7, renewsAt: 1500 });
    expect(rollQuota({ used: 7, renewsAt: 1500 }, 1500, 500)).toEqual({ used: 0, renewsAt: 2000 });
    // Several idle periods later: the next renewal stays on the grid.
    expect(rollQuota({ used: 7, renewsAt: 1500 }, 3250, 500)).toEqual({ used: 0, renewsAt: 3500 });
  });

  it("R-GW-VERIFY: quota refuses at the max until renewal, without spending rate units", async () => {
    const store = new MemoryCounterStore();
    let now = 10_000;
    const req = (): ConsumeRequest => ({
      keyId: "k",
      apiId: "a",
      limit: 100,
      windowMs: 60_000,
      quota: { scope: "pol", max: 3, renewalMs: 60_000, seed: null },
      now,
    });
    for (let i = 0; i < 3; i++) expect((await store.consume(req())).quota?.remaining).toBe(2 - i);
    const over = await store.consume(req());
    expect(over.outcome).toBe("quota_exceeded");
    expect(over.retryAfterMs).toBe(60_000);
    expect(over.rate.remaining).toBe(97);
    now += 60_000;
    const renewed = await store.consume(req());
    expect([renewed.outcome, renewed.quota?.remaining, renewed.quotaPeriod]).toEqual([
      "ok",
      2,
      130_000,
    ]);
  });

  it("R-GW-VERIFY: a stored counter (seed) is where a fresh process starts; an old period's seed restarts at 0", async () => {
    const store = new MemoryCounterStore();
    const base = { keyId: "k", apiId: "a", limit: 100, windowMs: 60_000 };
    const seeded = await store.consume({
      ...base,
      quota: { scope: "p", max: 10, renewalMs: 1000, seed: { used: 9, renewsAt: 5000 } },
      now: 4000,
    });
    expect(seeded.quota?.remaining).toBe(0);
    expect(
      (
        await store.consume({
          ...base,
          quota: { scope: "p", max: 10, renewalMs: 1000, seed: { used: 0, renewsAt: 5000 } },
          now: 4001,
        })
      ).outcome,
    ).toBe("quota_exceeded");
    const other = new MemoryCounterStore();
    const stale = await other.consume({
      ...base,
      quota: { scope: "p", max: 10, renewalMs: 1000, seed: { used: 10, renewsAt: 5000 } },
      now: 5200,
    });
    expect([stale.outcome, stale.quota?.remaining, stale.quota?.reset]).toEqual(["ok", 9, 6000]);
  });
});
