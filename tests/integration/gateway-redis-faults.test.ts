import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq, sum } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { keys, quotaUsage, usageHourly } from "@/db/schema";
import { CounterUnavailableError, RedisCounterStore } from "@/lib/gateway/counters-redis";
import { createGatewayRuntime, type GatewayRuntime } from "@/lib/gateway/instance";
import { closeInvalidationPublisher, publishInvalidation } from "@/lib/gateway/invalidation-bus";
import { windowStartOf } from "@/lib/gateway/limits-math";
import { isGatewayServiceError } from "@/lib/gateway/types";
import { makeGatewayWorld } from "../helpers/gateway-fixtures";
import { redisAvailable, TEST_REDIS_URL } from "../helpers/gateway-redis";
import {
  postgresReachable,
  startVerifier,
  type TempPostgres,
  tempPostgres,
  type Verifier,
} from "../helpers/gateway-services";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const up = (await redisAvailable()) && (await postgresReachable());
const TIMEOUT_MS = 300;

/** Polls `check` every 10 ms until it is true; fails with `what` after `ms`. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!up)("Redis faults and cross-instance invalidation", () => {
  let pg: TempPostgres;
  let direct: Redis;
  beforeAll(async () => {
    pg = await tempPostgres("gh_rf");
    direct = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await closeInvalidationPublisher();
    direct?.disconnect();
    await pg?.drop();
  });

  describe("a Redis connection cut and stalled mid-load", () => {
    let proxy: TcpProxy;
    let runtime: GatewayRuntime;
    afterAll(async () => {
      await runtime?.close();
      await proxy?.close();
    });

    it("R-GW-VERIFY, R-SCALE: under load through a cut and a stall every call answers 200 or 503, and afterwards Redis and Postgres hold exactly the units of the calls answered 200", async () => {
      const db = pg.handle.db;
      const w = await makeGatewayWorld(db, {
        rate: 1_000_000,
        per: 3600,
        quotaMax: 1_000_000,
        quotaRenewalSeconds: 86_400,
      });
      proxy = await startTcpProxy(TEST_REDIS_URL);
      runtime = createGatewayRuntime({
        db,
        redisUrl: proxy.url,
        cacheTtlMs: 10_000,
        dbTimeoutMs: TIMEOUT_MS,
        flushIntervalMs: 0,
        log: () => undefined,
      });
      const counts = { ok: 0, unavailable: 0, other: 0 };
      const firstMinute = windowStartOf(Date.now(), 3_600_000);
      let stop = false;
      const worker = async () => {
        while (!stop) {
          try {
            const d = await runtime.gateway.verify(w.org.id, {
              key: w.key.plaintext,
              path: "/weather/today",
              method: "GET",
            });
            counts[d.code === "valid" ? "ok" : "other"]++;
          } catch (err) {
            if (!isGatewayServiceError(err) || err.code !== "unavailable") throw err;
            counts.unavailable++;
          }
          // Pace the load: a refused call returns at once, and the machine is shared.
          await new Promise((r) => setTimeout(r, 2));
        }
      };
      const workers = Array.from({ length: 8 }, () => worker());
      const phase = async (name: string, start: () => void, until: () => boolean) => {
        start();
        await waitFor(name, until);
      };
      try {
        await waitFor("calls answered 200 before the fault", () => counts.ok >= 200);
        let seen = counts.unavailable;
        await phase(
          "503s while the connection is cut",
          proxy.cut,
          () => counts.unavailable >= seen + 50,
        );
        let ok = counts.ok;
        await phase("200s once Redis is back", proxy.restore, () => counts.ok >= ok + 200);
        seen = counts.unavailable;
        await phase(
          "503s while Redis is stalled",
          proxy.stall,
          () => counts.unavailable >= seen + 50,
        );
        ok = counts.ok;
        await phase("200s after the stall", proxy.restore, () => counts.ok >= ok + 200);
      } finally {
        stop = true;
        await Promise.all(workers);
      }
      const store = runtime.counters;
      if (!(store instanceof RedisCounterStore)) throw new Error("expected Redis counters");
      await waitFor("every cancellation delivered", () => store.pendingCancels === 0);

      expect(counts.other).toBe(0);
      // Quota units: one per 200, none for a 503 — whether its script never ran, ran before the
      // cut with its answer lost, or arrived after the stall.
      const keyId = w.key.row.id;
      const used = await direct.hget(`gh:gw:quota:{${keyId}}`, `${w.policy.id}:u`);
      expect(Number(used)).toBe(counts.ok);
      // Rate units: the same count, across the (at most two) hourly windows of the run.
      let rate = 0;
      for (const start of new Set([firstMinute, windowStartOf(Date.now(), 3_600_000)]))
        rate += Number(
          (await direct.get(`gh:gw:rl:{${keyId}}:${w.weather.id}:3600000:${start}`)) ?? 0,
        );
      expect(rate).toBe(counts.ok);
      // Postgres: the quota written behind and the usage rollups say the same.
      await runtime.gateway.flush();
      const [q] = await db
        .select({ used: sum(quotaUsage.used) })
        .from(quotaUsage)
        .where(eq(quotaUsage.keyId, keyId));
      const [u] = await db
        .select({ successes: sum(usageHourly.successes), errors: sum(usageHourly.errors) })
        .from(usageHourly)
        .where(and(eq(usageHourly.orgId, w.org.id), eq(usageHourly.keyId, keyId)));
      expect([Number(q?.used), Number(u?.successes), Number(u?.errors)]).toEqual([
        counts.ok,
        counts.ok,
        0,
      ]);
    }, 60_000);

    it("R-GW-VERIFY: a counter call to a stalled Redis settles as unavailable when its GATEWAY_DB_TIMEOUT_MS budget ends, not a tick later (fake clock)", async () => {
      const stalled = await startTcpProxy(TEST_REDIS_URL);
      const client = new Redis(stalled.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      const store = new RedisCounterStore(client, `gh:test:${Date.now().toString(36)}`, TIMEOUT_MS);
      const request = {
        keyId: "key_budget",
        apiId: "api_budget",
        limit: 1000,
        windowMs: 60_000,
        quota: null,
        now: Date.now(),
      };
      try {
        expect((await store.consume(request)).outcome).toBe("ok");
        stalled.stall();
        vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
        let settled: unknown = "pending";
        store.consume(request, TIMEOUT_MS).then(
          () => (settled = "consumed"),
          (err: unknown) => (settled = err),
        );
        await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
        expect(settled).toBe("pending");
        await vi.advanceTimersByTimeAsync(1);
        expect(settled).toBeInstanceOf(CounterUnavailableError);
      } finally {
        vi.useRealTimers();
        stalled.restore();
        client.disconnect();
        await stalled.close();
      }
    });
  });

  it("R-GW-VERIFY: a fresh instance's first counter call and quota read wait for the first Redis connection (within the budget) instead of failing", async () => {
    const fresh = createGatewayRuntime({
      db: pg.handle.db,
      redisUrl: TEST_REDIS_URL,
      cacheTtlMs: 1000,
      dbTimeoutMs: 2000,
      flushIntervalMs: 0,
      log: () => undefined,
    });
    try {
      const keyId = `key_fresh_${Date.now()}`;
      const [peeked, consumed] = await Promise.all([
        fresh.counters.peekQuota(keyId, "p"),
        fresh.counters.consume({
          keyId,
          apiId: "a",
          limit: 10,
          windowMs: 60_000,
          quota: { scope: "p", max: 5, renewalMs: 60_000, seed: null },
          now: Date.now(),
        }),
      ]);
      expect([peeked, consumed.outcome, consumed.quota?.remaining]).toEqual([null, "ok", 4]);
      await fresh.counters.resetQuota(keyId);
    } finally {
      await fresh.close();
    }
  });

  describe("a key revoked by a console-only process", () => {
    let verifier: Verifier;
    let runtime: GatewayRuntime;
    afterAll(async () => {
      await runtime?.close();
      await verifier?.stop();
    });

    it("R-GW-VERIFY: the standalone verifier and another instance refuse it well within their cache TTL (Redis pub/sub)", async () => {
      const db = pg.handle.db;
      const w = await makeGatewayWorld(db);
      const probe = await makeGatewayWorld(db);
      // Caches trusted for 10 s (the most GATEWAY_CACHE_TTL_SECONDS allows) and 60 s: only the
      // published invalidation can explain a refusal within the 3 s allowed below.
      verifier = await startVerifier({
        DATABASE_URL: pg.url,
        REDIS_URL: TEST_REDIS_URL,
        GATEWAY_CACHE_TTL_SECONDS: "10",
        // The suite hashes passwords cheaply; production (the verifier's mode) refuses that.
        PASSWORD_HASH_LOG2N: "17",
      });
      runtime = createGatewayRuntime({
        db,
        redisUrl: TEST_REDIS_URL,
        cacheTtlMs: 60_000,
        dbTimeoutMs: 2000,
        flushIntervalMs: 0,
        log: () => undefined,
      });
      await runtime.subscribed;
      type World = typeof w;
      const atVerifier = async (x: World) => {
        const res = await fetch(`${verifier.baseUrl}/api/gateway/verify`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${x.token.plaintext}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ key: x.key.plaintext, path: "/weather/x" }),
        });
        return ((await res.json()) as { code: string }).code;
      };
      const atRuntime = async (x: World) =>
        (
          await runtime.gateway.verify(x.org.id, {
            key: x.key.plaintext,
            path: "/weather/x",
            method: "GET",
          })
        ).code;
      for (const x of [w, probe]) {
        expect(await atVerifier(x)).toBe("valid");
        expect(await atRuntime(x)).toBe("valid");
      }

      // Both subscribers are listening: a probe key revoked in the database is refused by both
      // once an invalidation for it is published (repeated until both took it).
      await db.update(keys).set({ status: "revoked" }).where(eq(keys.id, probe.key.row.id));
      await waitFor("the probe invalidation to reach both instances", async () => {
        void publishInvalidation([{ type: "key", id: probe.key.row.id }], TEST_REDIS_URL);
        await new Promise((r) => setTimeout(r, 50));
        return (
          (await atVerifier(probe)) === "key_revoked" && (await atRuntime(probe)) === "key_revoked"
        );
      });

      // The console-only process revokes the key, publishes, and exits on its own.
      const child = spawn(
        process.execPath,
        [
          path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
          "tests/helpers/console-revoke.ts",
          w.org.id,
          w.key.row.id,
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            DATABASE_URL: pg.url,
            REDIS_URL: TEST_REDIS_URL,
            AUTH_SECRET: "x".repeat(32),
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      // A publisher connection that kept the process alive would show here.
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      clearTimeout(killer);
      expect({ exitCode, output }).toMatchObject({
        exitCode: 0,
        output: expect.stringMatching(/^revoked \d+/m),
      });

      await waitFor(
        "both instances to refuse the revoked key",
        async () =>
          (await atVerifier(w)) === "key_revoked" && (await atRuntime(w)) === "key_revoked",
        3000,
      );
    }, 60_000);
  });
});
