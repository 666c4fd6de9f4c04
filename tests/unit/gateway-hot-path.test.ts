import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalPath, decodedPath } from "@/lib/gateway/canonical-path";
import {
  type ConsumeRequest,
  type ConsumeResult,
  MemoryCounterStore,
} from "@/lib/gateway/counters";
import { Gateway, keySha256, type TokenMemo } from "@/lib/gateway/gateway";
import { authAnswer, handleVerify } from "@/lib/gateway/http";
import {
  type QuotaCounter,
  rateDecide,
  rollQuota,
  type WindowCounts,
} from "@/lib/gateway/limits-math";
import type { GatewayStore, LoadedKey } from "@/lib/gateway/store";
import type { PolicyForLimits } from "@/lib/policies/effective";
import type { FlushBatch } from "@/lib/gateway/usage-buffer";
import { UsageBuffer } from "@/lib/gateway/usage-buffer";
import { UsageFlushSchedule } from "@/lib/gateway/usage-flush";
import { generateKey, hashKey } from "@/lib/keys/format";
import { fakeClock } from "../helpers/gateway-fixtures";

/**
 * Structural properties of the verifier's hot path (issue 14, found by profiling the standalone
 * verifier): not timed, they count what a cached call does.
 */

const ORG = "org_hot";
const TOKEN = generateKey("gw").key;

function loaded(id: string): LoadedKey {
  return {
    key: {
      id,
      developerId: "dev_1",
      status: "active",
      expiresAt: null,
      createdAt: new Date(0),
      developerStatus: "active",
    },
    policyIds: ["pol"],
    quotas: [],
  };
}

function policy(opts: { quotaMax?: number; methods?: string[] } = {}): PolicyForLimits {
  return {
    id: "pol",
    name: "P",
    rate: 1_000_000,
    per: 60,
    quotaMax: opts.quotaMax ?? 1_000_000,
    quotaRenewalSeconds: 86_400,
    keyExpiresInSeconds: null,
    isInactive: false,
    access: [{ apiId: "api_w", allowedMethods: opts.methods ?? [], allowedPaths: [] }],
  };
}

/** A store that counts every call (what "database calls" means here) and keeps written flushes. */
function countingStore(keys: Map<string, LoadedKey>, policies: PolicyForLimits[]) {
  const calls = { token: 0, loadKey: 0, listApis: 0, listPolicies: 0, other: 0 };
  const flushes: FlushBatch[] = [];
  const store: GatewayStore = {
    findGatewayToken: (hash) => {
      calls.token++;
      return Promise.resolve(
        hash === hashKey(TOKEN) ? { id: "atk_1", orgId: ORG, revokedAt: null } : null,
      );
    },
    loadKey: (_org, hash) => {
      calls.loadKey++;
      return Promise.resolve(keys.get(hash) ?? null);
    },
    listApis: () => {
      calls.listApis++;
      return Promise.resolve([{ id: "api_w", slug: "weather", listenPath: "/weather/" }]);
    },
    listPolicies: () => {
      calls.listPolicies++;
      return Promise.resolve(policies);
    },
    writeFlush: (batch) => {
      flushes.push(batch);
      return Promise.resolve();
    },
    findKeysForUsage: () => (calls.other++, Promise.resolve([])),
    applyUsageBatch: () => (calls.other++, Promise.resolve(true)),
  };
  const total = () =>
    calls.token + calls.loadKey + calls.listApis + calls.listPolicies + calls.other;
  return { store, calls, flushes, total };
}

/** Counts consume calls that leave the process (a shared store such as Redis would). */
class CountingCounters extends MemoryCounterStore {
  asyncCalls = 0;
  override consume(req: ConsumeRequest): Promise<ConsumeResult> {
    this.asyncCalls++;
    return super.consume(req);
  }
}

function setup(opts: { quotaMax?: number; methods?: string[] } = {}) {
  const k = generateKey();
  const keys = new Map([[k.hash, loaded("key_1")]]);
  const fake = countingStore(keys, [policy(opts)]);
  const clock = fakeClock();
  const hashes = { count: 0 };
  const counters = new CountingCounters();
  const gw = new Gateway({
    store: fake.store,
    counters,
    cacheTtlMs: 10_000,
    negativeTtlMs: 1000,
    dbTimeoutMs: 1000,
    now: clock.now,
    hashKey: (key) => {
      hashes.count++;
      return keySha256(key);
    },
  });
  const headers: Record<string, string> = {
    "x-gatehouse-gateway-token": TOKEN,
    "x-api-key": k.key,
    "x-original-uri": "/weather/today",
    "x-original-method": "GET",
  };
  const header = (name: string) => headers[name];
  return { gw, k, keys, fake, clock, hashes, counters, header, headers };
}

describe("R-GW-VERIFY: the hot path's structure (issue 14)", () => {
  it("R-GW-VERIFY: a cached /auth call returns no Promise, calls neither the database nor a shared counter store, and hashes the key exactly once", async () => {
    const { gw, fake, hashes, counters, header } = setup();
    const memo: TokenMemo = { token: "", principal: null, epoch: -1, until: 0 };
    // The first call loads the token, the key and the APIs.
    const first = authAnswer(gw, header, "GET", memo);
    expect(first).toBeInstanceOf(Promise);
    expect((await first).status).toBe(200);
    expect(fake.calls).toMatchObject({ token: 1, loadKey: 1, listApis: 1, listPolicies: 1 });
    const dbBefore = fake.total();
    const hashesBefore = hashes.count;
    const N = 500;
    for (let i = 0; i < N; i++) {
      const a = authAnswer(gw, header, "GET", memo);
      if (a instanceof Promise) throw new Error(`call ${i} returned a Promise`);
      expect(a.status).toBe(200);
    }
    expect(fake.total() - dbBefore).toBe(0);
    expect(counters.asyncCalls).toBe(0);
    expect(hashes.count - hashesBefore).toBe(N);
    // Every call was still limited and counted: the rate limit saw N + 1 calls, usage holds them.
    const last = authAnswer(gw, header, "GET", memo);
    if (last instanceof Promise) throw new Error("cached call returned a Promise");
    const remaining = last.head[last.head.indexOf("x-ratelimit-remaining") + 1];
    expect(Number(remaining)).toBe(1_000_000 - (N + 2));
    const quota = last.head[last.head.indexOf("x-quota-remaining") + 1];
    expect(Number(quota)).toBe(1_000_000 - (N + 2));
    await gw.flush();
    const usage = fake.flushes.flatMap((b) => b.usage);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ keyId: "key_1", apiId: "api_w", requests: N + 2 });
    expect(fake.flushes.flatMap((b) => b.quota)[0]?.delta).toBe(N + 2);
    expect(fake.flushes.flatMap((b) => b.tokens)).toHaveLength(1);
  });

  it("R-GW-VERIFY: a cached /verify call returns no Promise and calls neither the database nor a shared counter store; a cold one answers the same decision", async () => {
    const { gw, fake, counters, header, k } = setup();
    const body = JSON.stringify({ key: k.key, api: "weather", method: "get" });
    const first = handleVerify(gw, header, body);
    expect(first).toBeInstanceOf(Promise);
    const cold = await first;
    expect(cold.status).toBe(200);
    expect(JSON.parse(cold.body)).toMatchObject({ valid: true, code: "valid", keyId: "key_1" });
    const dbBefore = fake.total();
    for (let i = 0; i < 100; i++) {
      const r = handleVerify(gw, header, body);
      if (r instanceof Promise) throw new Error(`call ${i} returned a Promise`);
      expect(JSON.parse(r.body)).toMatchObject({ valid: true, code: "valid", apiId: "api_w" });
    }
    expect(fake.total() - dbBefore).toBe(0);
    expect(counters.asyncCalls).toBe(0);
    // Bad input still answers 400 problem details, without a Promise either.
    const bad = handleVerify(gw, header, "{");
    if (bad instanceof Promise) throw new Error("a bad body returned a Promise");
    expect(bad.status).toBe(400);
  });

  it("R-GW-VERIFY: the answer's headers are one flat name/value list (no header object per call)", () => {
    const { gw, header } = setup();
    return Promise.resolve(authAnswer(gw, header, "GET")).then((a) => {
      expect(Array.isArray(a.head)).toBe(true);
      expect(a.head.length % 2).toBe(0);
      const names = a.head.filter((_, i) => i % 2 === 0);
      expect(names).toEqual([
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "x-quota-remaining",
        "x-gatehouse-developer",
        "x-gatehouse-key",
      ]);
    });
  });

  it("R-GW-VERIFY: refusals on the cached path are synchronous too and still counted (method rule, quota)", async () => {
    const { gw, fake, header, headers } = setup({ methods: ["GET"], quotaMax: 2 });
    await authAnswer(gw, header, "GET");
    const dbBefore = fake.total();
    headers["x-original-method"] = "DELETE";
    const refused = authAnswer(gw, header, "GET");
    if (refused instanceof Promise) throw new Error("cached refusal returned a Promise");
    expect(refused.status).toBe(403);
    expect(refused.head).toContain("method_not_allowed");
    headers["x-original-method"] = "GET";
    const second = authAnswer(gw, header, "GET");
    const third = authAnswer(gw, header, "GET");
    if (second instanceof Promise || third instanceof Promise) throw new Error("Promise");
    expect(second.status).toBe(200);
    expect(third.status).toBe(429);
    expect(third.head).toContain("quota_exceeded");
    expect(fake.total() - dbBefore).toBe(0);
    await gw.flush();
    const row = fake.flushes.flatMap((b) => b.usage)[0];
    expect(row).toMatchObject({ requests: 4, successes: 2, errors: 2 });
  });

  it("R-GW-VERIFY: a connection's memo spares the token lookup; a revoked token's memo is dropped at once", async () => {
    const { gw, fake } = setup();
    const memo: TokenMemo = { token: "", principal: null, epoch: -1, until: 0 };
    await gw.principal(TOKEN, memo);
    expect(memo.principal?.orgId).toBe(ORG);
    for (let i = 0; i < 50; i++) expect(gw.principal(TOKEN, memo)).not.toBeInstanceOf(Promise);
    expect(fake.calls.token).toBe(1);
    // Another token on the same connection is not answered from the memo.
    await expect(
      Promise.resolve().then(() => gw.principal(generateKey("gw").key, memo)),
    ).rejects.toMatchObject({ code: "invalid_gateway_token" });
    // Revocation (the console invalidates by the token's hash): the memo is stale at once.
    await gw.principal(TOKEN, memo);
    const lookups = fake.calls.token;
    gw.invalidate({ type: "token", id: hashKey(TOKEN) });
    const after = gw.principal(TOKEN, memo);
    expect(after).toBeInstanceOf(Promise);
    await after;
    expect(fake.calls.token).toBe(lookups + 1);
  });

  it("R-GW-VERIFY: a memo filled from the cache expires with the cached answer, not a TTL later", async () => {
    const { gw, fake, clock } = setup();
    await gw.principal(TOKEN);
    clock.advance(6_000);
    const memo: TokenMemo = { token: "", principal: null, epoch: -1, until: 0 };
    expect(gw.principal(TOKEN, memo)).not.toBeInstanceOf(Promise);
    expect(fake.calls.token).toBe(1);
    clock.advance(4_001);
    const again = gw.principal(TOKEN, memo);
    expect(again).toBeInstanceOf(Promise);
    await again;
    expect(fake.calls.token).toBe(2);
  });

  it("R-GW-VERIFY: the memo expires with the cache TTL", async () => {
    const { gw, fake, clock } = setup();
    const memo: TokenMemo = { token: "", principal: null, epoch: -1, until: 0 };
    await gw.principal(TOKEN, memo);
    clock.advance(9_999);
    expect(gw.principal(TOKEN, memo)).not.toBeInstanceOf(Promise);
    clock.advance(2);
    await gw.principal(TOKEN, memo);
    expect(fake.calls.token).toBe(2);
  });

  it("R-GW-VERIFY: an unknown key is remembered for the documented 1 s only: a key created meanwhile is accepted from then on", async () => {
    const { gw, keys, fake, clock } = setup();
    await gw.principal(TOKEN);
    const fresh = generateKey();
    const call = () =>
      Promise.resolve(gw.decide(ORG, { key: fresh.key, path: "/weather/x", method: "GET" }));
    expect((await call()).code).toBe("unknown_key");
    const loads = fake.calls.loadKey;
    keys.set(fresh.hash, loaded("key_2"));
    clock.advance(999);
    expect((await call()).code).toBe("unknown_key");
    expect(fake.calls.loadKey).toBe(loads);
    clock.advance(2);
    expect((await call()).code).toBe("valid");
    expect(fake.calls.loadKey).toBe(loads + 1);
  });
});

/** The counters as they were before issue 14 (limits-math's functions, new objects per call). */
function referenceCounters() {
  const rates = new Map<string, WindowCounts>();
  const quotas = new Map<string, QuotaCounter>();
  return (req: ConsumeRequest): ConsumeResult => {
    const { now } = req;
    const rateId = `${req.keyId}\u0000${req.apiId}`;
    let quota: QuotaCounter | null = null;
    const quotaId = req.quota ? `${req.keyId}\u0000${req.quota.scope}` : "";
    if (req.quota) {
      quota = rollQuota(
        quotas.get(quotaId) ?? req.quota.seed ?? undefined,
        now,
        req.quota.renewalMs,
      );
      quotas.set(quotaId, quota);
      if (quota.used >= req.quota.max) {
        const rate = rateDecide(rates.get(rateId), now, req.windowMs, req.limit);
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
    const rate = rateDecide(rates.get(rateId), now, req.windowMs, req.limit);
    const rateState = { limit: req.limit, remaining: rate.remaining, reset: rate.reset };
    const quotaState = () =>
      req.quota && quota
        ? {
            limit: req.quota.max,
            remaining: Math.max(0, req.quota.max - quota.used),
            reset: quota.renewsAt,
          }
        : null;
    if (!rate.allowed)
      return {
        outcome: "rate_limited",
        rate: rateState,
        quota: quotaState(),
        retryAfterMs: rate.retryAfterMs,
        quotaPeriod: null,
      };
    rates.set(rateId, rate.counts);
    if (req.quota && quota) {
      quota = { used: quota.used + 1, renewsAt: quota.renewsAt };
      quotas.set(quotaId, quota);
    }
    return {
      outcome: "ok",
      rate: rateState,
      quota: quotaState(),
      retryAfterMs: 0,
      quotaPeriod: quota ? quota.renewsAt : null,
    };
  };
}

describe("R-GW-VERIFY: in-place counters and usage (issue 14)", () => {
  it("R-GW-VERIFY: the in-place counters answer every call exactly as limits-math's rateDecide/rollQuota", () => {
    const step = fc.record({
      advance: fc.integer({ min: 0, max: 4000 }),
      api: fc.constantFrom("a1", "a2"),
      key: fc.constantFrom("k1", "k2"),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
        fc.integer({ min: 1000, max: 9000 }),
        fc.array(step, { minLength: 1, maxLength: 120 }),
        (limit, windowSeconds, quotaMax, renewalMs, steps) => {
          const store = new MemoryCounterStore();
          const reference = referenceCounters();
          let now = 1_700_000_000_000;
          const seed = { used: 1, renewsAt: now + 500 };
          for (const s of steps) {
            now += s.advance;
            const req: ConsumeRequest = {
              keyId: s.key,
              apiId: s.api,
              limit,
              windowMs: windowSeconds * 1000,
              quota: quotaMax === null ? null : { scope: "pol", max: quotaMax, renewalMs, seed },
              now,
            };
            expect(store.consumeSync(req)).toEqual(reference(req));
          }
          // The seed (a key entry's loaded quota row) is never changed by the counters.
          expect(seed).toEqual({ used: 1, renewsAt: 1_700_000_000_500 });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("R-GW-VERIFY, R-USAGE-PAGE: usage is one row per key, API and hour however many calls, refusals counted by code; a failed flush merges back exactly", () => {
    const buffer = new UsageBuffer();
    const hour = 3_600_000;
    const t = 1_000 * hour;
    for (let i = 0; i < 1000; i++)
      buffer.record("org", "k1", "a1", t + i, i % 10 !== 0 ? null : "quota_exceeded");
    buffer.record("org", "k1", "a1", t + hour + 5, null);
    buffer.record("org", "k1", "a2", t + 7, "rate_limited");
    buffer.addQuota("org", "k1", "pol", t + 10 * hour);
    buffer.addQuota("org", "k1", "pol", t + 10 * hour);
    buffer.touchToken("org", "atk", t + 3);
    buffer.touchToken("org", "atk", t + 9);
    expect(buffer.size).toBe(4);
    const batch = buffer.drain();
    expect(batch?.usage).toHaveLength(3);
    expect(batch?.usage.find((r) => r.apiId === "a1" && r.hour.getTime() === t)).toMatchObject({
      requests: 1000,
      successes: 900,
      errors: 100,
      refusals: new Map([["quota_exceeded", 100]]),
    });
    expect(batch?.lastUsed).toEqual([{ orgId: "org", keyId: "k1", at: new Date(t + hour + 5) }]);
    expect(batch?.quota).toEqual([
      { orgId: "org", keyId: "k1", scope: "pol", delta: 2, renewsAt: new Date(t + 10 * hour) },
    ]);
    expect(batch?.tokens).toEqual([{ orgId: "org", tokenId: "atk", at: new Date(t + 9) }]);
    expect(buffer.drain()).toBeNull();
    // The write failed: put back, count more, drain again — nothing lost, nothing doubled.
    if (!batch) throw new Error("no batch");
    buffer.record("org", "k1", "a1", t + 20, null);
    buffer.restore(batch);
    const again = buffer.drain();
    expect(again?.usage.find((r) => r.apiId === "a1" && r.hour.getTime() === t)).toMatchObject({
      requests: 1001,
      successes: 901,
      errors: 100,
      refusals: new Map([["quota_exceeded", 100]]),
    });
    expect(again?.usage.reduce((n, r) => n + r.requests, 0)).toBe(1003);
    expect(again?.quota[0]?.delta).toBe(2);
  });
});

describe("R-SEC-GW-PATH, R-GW-VERIFY: the canonical-path shortcut (issue 14)", () => {
  it("R-SEC-GW-PATH: the shortcut for already-canonical paths agrees with decoding on arbitrary paths", () => {
    const part = fc.constantFrom(
      "a",
      "weather",
      ".",
      "..",
      "",
      "%2F",
      "%2e",
      "%25",
      ";x",
      ".;x",
      "..;x",
      "\\",
      " ",
      "~",
      "é",
      "\u0001",
      "%zz",
      "v1.json",
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.boolean(), (parts, trailing) => {
        const path = `/${parts.join("/")}${trailing ? "/" : ""}`;
        for (const mode of ["bytes", "text"] as const)
          expect(canonicalPath(path, mode)).toEqual(decodedPath(path, mode));
      }),
      { numRuns: 2000 },
    );
    for (const p of ["/", "/weather/today", "/weather/", "/a/b.json", "/a//b", "/a/./b", "/a/.."])
      expect(canonicalPath(p)).toEqual(decodedPath(p));
  });

  it("R-GW-VERIFY: the hash of a key is hashKey's (one-shot crypto.hash)", () => {
    for (let i = 0; i < 20; i++) {
      const k = generateKey();
      expect(keySha256(k.key)).toBe(hashKey(k.key));
    }
    expect(keySha256("é∑ unicode")).toBe(hashKey("é∑ unicode"));
  });
});

describe("R-GW-VERIFY, R-GW-USAGE: after() tasks of the Next.js gateway routes (issue 14)", () => {
  /** A gateway whose writes are counted and settle at once. */
  function flushCounter() {
    const flushes = { n: 0 };
    const gateway = {
      flushPending: () => {
        flushes.n++;
        return Promise.resolve();
      },
    } as unknown as Gateway;
    return { gateway, flushes };
  }

  it("R-GW-VERIFY: on a server, the calls of one write window hand after() one promise between them, not one each", async () => {
    const { gateway } = flushCounter();
    const schedule = new UsageFlushSchedule(gateway, { mode: "interval", intervalMs: 60_000 });
    const tasks = Array.from({ length: 100 }, () => schedule.afterTask());
    expect(tasks.filter((t) => t !== null)).toHaveLength(1);
    // It is the window's write: the one every call of the window is covered by.
    expect(tasks[0]).toBe(schedule.written());
    await schedule.stop();
  });

  it("R-GW-USAGE: the next window's first call hands over the next write; once stopping, and on a host lending a per-request waitUntil, every call hands over its own", async () => {
    const { gateway, flushes } = flushCounter();
    const schedule = new UsageFlushSchedule(gateway, { mode: "interval", intervalMs: 20 });
    const first = schedule.afterTask();
    expect(first).not.toBeNull();
    await first;
    const next = schedule.afterTask();
    expect(next).not.toBeNull();
    expect(next).not.toBe(first);
    expect(schedule.afterTask(true)).not.toBeNull(); // platform waitUntil: its own, always
    await schedule.stop();
    const before = flushes.n;
    const stopping = [schedule.afterTask(), schedule.afterTask()];
    expect(stopping.every((t) => t !== null)).toBe(true);
    await Promise.all(stopping);
    expect(flushes.n).toBe(before + 2);
  });

  it("R-DEPLOY-SERVERLESS: in serverless mode every call hands after() its own write", () => {
    const { gateway, flushes } = flushCounter();
    const schedule = new UsageFlushSchedule(gateway, { mode: "request", intervalMs: 1000 });
    const tasks = Array.from({ length: 5 }, () => schedule.afterTask());
    expect(tasks.every((t) => t !== null)).toBe(true);
    expect(flushes.n).toBe(5);
  });
});
