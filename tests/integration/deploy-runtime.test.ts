import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { usageHourly } from "@/db/schema";
import { EnvError, parseEnv } from "@/lib/env";
import { Gateway } from "@/lib/gateway/gateway";
import { MemoryCounterStore } from "@/lib/gateway/counters";
import { dbGatewayStore } from "@/lib/gateway/store";
import { UsageFlushSchedule } from "@/lib/gateway/usage-flush";
import { describeEachDb } from "../helpers/db";
import { makeGatewayWorld } from "../helpers/gateway-fixtures";

const base = {
  NODE_ENV: "production",
  GATEHOUSE_LOCAL: "1",
  APP_URL: "https://p.example.com",
  AUTH_SECRET: "a".repeat(32),
};
const complete = {
  ...base,
  DATABASE_URL: "postgres://u@db.example.com:6543/app",
  REDIS_URL: "rediss://r.example.com:6379",
  CRON_SECRET: "0123456789abcdef0123",
};

describe("R-DEPLOY-SERVERLESS: serverless mode from the host's environment", () => {
  it("R-DEPLOY-SERVERLESS: VERCEL, AWS_LAMBDA_FUNCTION_NAME, NETLIFY or GATEHOUSE_RUNTIME=serverless turn it on; GATEHOUSE_RUNTIME=server turns it off", () => {
    expect(parseEnv(base).serverless).toBe(false);
    for (const marker of [
      { VERCEL: "1" },
      { AWS_LAMBDA_FUNCTION_NAME: "gatehouse" },
      { NETLIFY: "true" },
      { GATEHOUSE_RUNTIME: "serverless" },
    ])
      expect(parseEnv({ ...complete, ...marker }).serverless).toBe(true);
    expect(parseEnv({ ...base, VERCEL: "1", GATEHOUSE_RUNTIME: "server" }).serverless).toBe(false);
  });

  it("R-DEPLOY-SERVERLESS: without REDIS_URL, DATABASE_URL and CRON_SECRET a serverless start fails, naming each and why", () => {
    let message = "";
    try {
      parseEnv({ ...base, VERCEL: "1" });
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      message = (err as Error).message;
    }
    expect(message).toMatch(
      /REDIS_URL is required on a serverless host \(serverless host detected \(VERCEL/,
    );
    expect(message).toMatch(/DATABASE_URL is required on a serverless host/);
    expect(message).toMatch(/CRON_SECRET is required on a serverless host/);
  });

  it("R-DEPLOY-SERVERLESS: a serverless process opens a pool of 2 without prepared statements (transaction-mode poolers); a server keeps 10 with them; both can be set", () => {
    const fn = parseEnv({ ...complete, GATEHOUSE_RUNTIME: "serverless" });
    expect([fn.DATABASE_POOL_MAX, fn.DATABASE_PREPARE]).toEqual([2, false]);
    const server = parseEnv(complete);
    expect([server.DATABASE_POOL_MAX, server.DATABASE_PREPARE]).toEqual([10, true]);
    const pgbouncer = parseEnv({ ...complete, DATABASE_POOL_MAX: "4", DATABASE_PREPARE: "0" });
    expect([pgbouncer.DATABASE_POOL_MAX, pgbouncer.DATABASE_PREPARE]).toEqual([4, false]);
  });
});

describeEachDb("R-DEPLOY-SERVERLESS: usage written within each request", (getDb) => {
  it("R-DEPLOY-SERVERLESS: a request's written() covers calls counted while an earlier write is still in flight", async () => {
    const db = getDb();
    const world = await makeGatewayWorld(db);
    const store = dbGatewayStore(db);
    // The real store, with the first write held open until the test lets it go.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let writes = 0;
    const gateway = new Gateway({
      store: {
        ...store,
        writeFlush: async (batch) => {
          if (writes++ === 0) await held;
          await store.writeFlush(batch);
        },
      },
      counters: new MemoryCounterStore(),
      cacheTtlMs: 5000,
      dbTimeoutMs: 5000,
      flushIntervalMs: 0,
    });
    const schedule = new UsageFlushSchedule(gateway, { mode: "request", intervalMs: 1000 });
    const verify = () =>
      gateway.verify(world.org.id, {
        key: world.key.plaintext,
        api: world.weather.id,
        method: "GET",
      });
    expect((await verify()).code).toBe("valid");
    const first = schedule.written(); // its write is held open
    expect((await verify()).code).toBe("valid"); // counted while the first write is in flight
    let secondDone = false;
    const second = schedule.written().then(() => {
      secondDone = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(secondDone).toBe(false);
    release();
    await Promise.all([first, second]);
    const [row] = await db
      .select({ n: sql<number>`sum(${usageHourly.requests})::int` })
      .from(usageHourly)
      .where(eq(usageHourly.keyId, world.key.row.id));
    expect(row?.n).toBe(2);
    await gateway.close();
  });

  it("R-GW-USAGE: on a server, written() settles with the next one-second write; after stop() each call is written at once", async () => {
    const db = getDb();
    const world = await makeGatewayWorld(db);
    const gateway = new Gateway({
      store: dbGatewayStore(db),
      counters: new MemoryCounterStore(),
      cacheTtlMs: 5000,
      dbTimeoutMs: 5000,
      flushIntervalMs: 0,
    });
    const schedule = new UsageFlushSchedule(gateway, { mode: "interval", intervalMs: 50 });
    const total = async () => {
      const [row] = await db
        .select({ n: sql<number>`coalesce(sum(${usageHourly.requests}), 0)::int` })
        .from(usageHourly)
        .where(eq(usageHourly.keyId, world.key.row.id));
      return row?.n;
    };
    const verify = () =>
      gateway.verify(world.org.id, {
        key: world.key.plaintext,
        api: world.weather.id,
        method: "GET",
      });
    await verify();
    await verify();
    await schedule.written();
    expect(await total()).toBe(2);
    await schedule.stop();
    await verify();
    await schedule.written();
    expect(await total()).toBe(3);
    await gateway.close();
  });
});
