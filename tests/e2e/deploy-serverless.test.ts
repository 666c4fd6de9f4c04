import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quotaUsage, usageHourly } from "@/db/schema";
import { makeGatewayWorld } from "../helpers/gateway-fixtures";
import { redisAvailable, TEST_REDIS_URL } from "../helpers/gateway-redis";
import { postgresReachable, type TempPostgres, tempPostgres } from "../helpers/gateway-services";
import { startServer, type TestServer } from "../helpers/server";

/**
 * "Lose nothing" (docs/DEPLOY.md): real `next start` processes on a throwaway Postgres.
 * - A long-running server stopped with SIGTERM right after the last answer has written every
 *   counted call (Next awaits the after() usage writes before it exits).
 * - Serverless mode (GATEHOUSE_RUNTIME=serverless, as a Vercel-like host runs it): each call's
 *   usage is written within the request's lifetime, so killing the process (the host freezing
 *   and discarding the function) once its after() tasks are done loses nothing; and two
 *   instances behind one Redis enforce one rate limit exactly.
 */
const withPostgres = await postgresReachable();
const withRedis = await redisAvailable();

type World = Awaited<ReturnType<typeof makeGatewayWorld>>;

const QUOTA = 10_000;

describe.skipIf(!withPostgres || !withRedis)("R-DEPLOY-SERVERLESS: lose nothing", () => {
  let pg: TempPostgres;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    pg = await tempPostgres();
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await pg?.drop();
  });

  async function start(env: Record<string, string>): Promise<TestServer> {
    const server = await startServer({ seed: false, env: { DATABASE_URL: pg.url, ...env } });
    servers.push(server);
    return server;
  }

  const serverless = {
    GATEHOUSE_RUNTIME: "serverless",
    REDIS_URL: TEST_REDIS_URL,
    CRON_SECRET: "e2e-cron-secret-0123456789",
    GATEHOUSE_DEBUG_AFTER: "1",
  };

  function call(server: TestServer, world: World): Promise<Response> {
    return fetch(`${server.baseUrl}/api/gateway/auth`, {
      headers: {
        "x-gatehouse-gateway-token": world.token.plaintext,
        "x-original-uri": "/weather/today",
        "x-api-key": world.key.plaintext,
      },
    });
  }

  /** `n` calls, `parallel` at a time; returns their statuses. */
  async function calls(servers: TestServer[], world: World, n: number, parallel = 8) {
    const statuses: number[] = [];
    for (let i = 0; i < n; i += parallel) {
      const batch = Array.from({ length: Math.min(parallel, n - i) }, (_, j) =>
        call(servers[(i + j) % servers.length] as TestServer, world).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      );
      statuses.push(...(await Promise.all(batch)));
    }
    return statuses;
  }

  async function counted(world: World) {
    const db = pg.handle.db;
    const [usage] = await db
      .select({
        requests: sql<number>`coalesce(sum(${usageHourly.requests}), 0)::int`,
        successes: sql<number>`coalesce(sum(${usageHourly.successes}), 0)::int`,
      })
      .from(usageHourly)
      .where(eq(usageHourly.keyId, world.key.row.id));
    const [quota] = await db
      .select({ used: quotaUsage.used })
      .from(quotaUsage)
      .where(and(eq(quotaUsage.keyId, world.key.row.id), eq(quotaUsage.orgId, world.org.id)));
    return { requests: usage?.requests ?? 0, successes: usage?.successes ?? 0, quota: quota?.used };
  }

  /** Waits until every after() usage write of the server has settled (GATEHOUSE_DEBUG_AFTER=1). */
  async function afterTasksSettled(server: TestServer, atLeast: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    let last: unknown = null;
    while (Date.now() < deadline) {
      const r = await fetch(`${server.baseUrl}/api/gateway/health`);
      const body = (await r.json()) as { afterTasks?: { started: number; done: number } };
      last = body.afterTasks;
      if (body.afterTasks && body.afterTasks.started >= atLeast)
        if (body.afterTasks.done === body.afterTasks.started) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`after() tasks did not settle: ${JSON.stringify(last)}`);
  }

  it("R-GW-USAGE: next start stopped with SIGTERM right after the last answer has counted every call in usage_hourly and the quota", async () => {
    const world = await makeGatewayWorld(pg.handle.db, {
      rate: 1000,
      per: 60,
      quotaMax: QUOTA,
      quotaRenewalSeconds: 86_400,
    });
    const server = await start({});
    const N = 120;
    expect(await calls([server], world, N, 12)).toEqual(Array(N).fill(200));
    const exit = await server.signal("SIGTERM");
    expect(exit.code, server.output()).toBe(143); // Next's own graceful exit, not a kill
    expect(await counted(world)).toEqual({ requests: N, successes: N, quota: N });

    // A new process reads the quota back: the next call leaves QUOTA - N - 1.
    const again = await start({});
    const r = await call(again, world);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-quota-remaining")).toBe(String(QUOTA - N - 1));
    await again.stop();
  });

  it("R-DEPLOY-SERVERLESS: in serverless mode every call is written within its request: killing the process once its after() tasks are done loses nothing", async () => {
    const world = await makeGatewayWorld(pg.handle.db, {
      rate: 1000,
      per: 60,
      quotaMax: QUOTA,
      quotaRenewalSeconds: 86_400,
    });
    const server = await start(serverless);
    const N = 60;
    expect(await calls([server], world, N)).toEqual(Array(N).fill(200));
    await afterTasksSettled(server, N);
    expect((await server.signal("SIGKILL")).signal).toBe("SIGKILL");
    expect(await counted(world)).toEqual({ requests: N, successes: N, quota: N });
    // Serverless cold starts never migrate, seed or print the start-up banner.
    expect(server.output()).not.toContain("▲ Gatehouse on");

    const again = await start(serverless);
    const r = await call(again, world);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-quota-remaining")).toBe(String(QUOTA - N - 1));
    await again.stop();
  });

  it("R-DEPLOY-SERVERLESS: two serverless instances behind one Redis allow exactly the rate limit between them, and count every call", async () => {
    const L = 10;
    const DAY = 86_400_000;
    // One fixed window for the whole test: not in the last minute before 00:00 UTC.
    while (DAY - (Date.now() % DAY) < 60_000) await new Promise((r) => setTimeout(r, 1000));
    const world = await makeGatewayWorld(pg.handle.db, { rate: L, per: 86_400 });
    const a = await start(serverless);
    const b = await start(serverless);
    const statuses = await calls([a, b], world, 3 * L);
    expect(statuses.filter((s) => s === 200)).toHaveLength(L);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * L);
    await Promise.all([afterTasksSettled(a, 1), afterTasksSettled(b, 1)]);
    await Promise.all([a.signal("SIGKILL"), b.signal("SIGKILL")]);
    const { requests, successes } = await counted(world);
    expect({ requests, successes }).toEqual({ requests: 3 * L, successes: L });
  });
});
