import { Agent, request } from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { developerUsageSeries } from "@/db/queries/usage-read";
import { keys } from "@/db/schema";
import { createGatewayRuntime, type GatewayRuntime } from "@/lib/gateway/instance";
import { rollKey } from "@/lib/keys/rotate";
import { SYSTEM_ACTOR } from "@/lib/outcome";
import { makeDeveloper } from "../helpers/db";
import { makeGatewayWorld, makeKey, makePolicy } from "../helpers/gateway-fixtures";
import {
  freePort,
  gatewayNginxConfig,
  type Nginx,
  nginxAvailable,
  startNginx,
} from "../helpers/gateway-nginx";
import { redisAvailable, TEST_REDIS_URL } from "../helpers/gateway-redis";
import {
  postgresReachable,
  startVerifier,
  type TempPostgres,
  tempPostgres,
  type Verifier,
} from "../helpers/gateway-services";

/**
 * A stock NGINX in front of an upstream, asking the standalone verifier (`npm run gateway`) on
 * every call through auth_request, exactly as docs/GATEWAY.md configures it.
 */
const withPostgres = await postgresReachable();

describe.skipIf(!withPostgres)("R-GW-VERIFY: NGINX auth_request → standalone verifier", () => {
  let pg: TempPostgres;
  let verifier: Verifier;
  let nginx: Nginx;
  let notifier: GatewayRuntime | null = null;
  let world: Awaited<ReturnType<typeof makeGatewayWorld>>;
  let useRedis = false;
  let unreachableUrl = "";

  beforeAll(async () => {
    if (!nginxAvailable())
      throw new Error(
        "NGINX is not installed: apt-get install -y nginx (the gateway e2e tests need a real NGINX)",
      );
    pg = await tempPostgres();
    world = await makeGatewayWorld(pg.handle.db, { rate: 100, per: 60 });
    useRedis = await redisAvailable();
    // With Redis, a change made by another process reaches the verifier through pub/sub; without it, the TTL bounds it.
    verifier = await startVerifier({
      DATABASE_URL: pg.url,
      GATEWAY_CACHE_TTL_SECONDS: useRedis ? "10" : "0.5",
      ...(useRedis ? { REDIS_URL: TEST_REDIS_URL } : {}),
    });
    if (useRedis)
      notifier = createGatewayRuntime({
        db: pg.handle.db,
        redisUrl: TEST_REDIS_URL,
        cacheTtlMs: 1000,
        dbTimeoutMs: 2000,
        flushIntervalMs: 0,
        log: () => undefined,
      });
    const [front, upstream, deadFront, deadVerifier] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    unreachableUrl = `http://127.0.0.1:${deadFront}`;
    nginx = await startNginx(
      (dir) =>
        gatewayNginxConfig({
          dir,
          upstream,
          fronts: [
            {
              port: front,
              auth: {
                verifier: `127.0.0.1:${verifier.port}`,
                authPath: "/api/gateway/auth",
                gatewayToken: world.token.plaintext,
              },
            },
            {
              // The same configuration, with Gatehouse unreachable (nothing listens there).
              port: deadFront,
              auth: {
                verifier: `127.0.0.1:${deadVerifier}`,
                authPath: "/api/gateway/auth",
                gatewayToken: world.token.plaintext,
              },
            },
          ],
        }),
      front,
    );
  });

  afterAll(async () => {
    await nginx?.stop();
    await notifier?.close();
    await verifier?.stop();
    await pg?.drop();
  });

  const call = (path: string, key?: string, init: RequestInit = {}) =>
    fetch(`${nginx.baseUrl}${path}`, {
      ...init,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) },
    });

  it("R-GW-VERIFY: a valid key reaches the upstream, which receives the developer and key ids", async () => {
    const res = await call("/weather/today?city=Oslo", world.key.plaintext);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(
      `upstream ok developer=${world.developer.id} key=${world.key.row.id}\n`,
    );
    expect(res.headers.get("x-ratelimit-limit")).toBe("100");
    // The key in the query string works too.
    expect((await call(`/weather/x?api_key=${world.key.plaintext}`)).status).toBe(200);
  });

  it("R-GW-VERIFY: no key → 401; a key with a bad checksum → 401", async () => {
    expect((await call("/weather/today")).status).toBe(401);
    expect((await call("/weather/today", "gh_1111111111111111111111111111")).status).toBe(401);
  });

  it("R-GW-VERIFY: a key calling an API it has no policy for → 403", async () => {
    const res = await call("/payments/charges", world.key.plaintext, { method: "POST" });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-gatehouse-code")).toBe("no_access");
  });

  it("R-GW-VERIFY: over the rate limit → 429 with Retry-After", async () => {
    const policy = await makePolicy(pg.handle.db, world.org.id, {
      rate: 3,
      per: 60,
      access: [{ apiId: world.weather.id }],
    });
    const key = await makeKey(pg.handle.db, world.org.id, world.developer.id, [policy.id]);
    for (let i = 0; i < 3; i++) expect((await call("/weather/r", key.plaintext)).status).toBe(200);
    const limited = await call("/weather/r", key.plaintext);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(await limited.json()).toEqual({
      error: { code: "rate_limited", message: expect.any(String) },
    });
  });

  /** Sequential calls on ONE keep-alive connection: whether each reused the socket, and the answer. */
  async function onOneConnection(base: string, calls: Array<{ path: string; key?: string }>) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const out: Array<{
      status: number;
      reused: boolean;
      connection?: string;
      code?: string;
      body: unknown;
    }> = [];
    try {
      for (const c of calls)
        out.push(
          await new Promise((resolve, reject) => {
            const req = request(
              `${base}${c.path}`,
              { agent, headers: c.key ? { authorization: `Bearer ${c.key}` } : {} },
              (res) => {
                let text = "";
                res.setEncoding("utf8");
                res.on("data", (d: string) => (text += d));
                res.on("end", () =>
                  resolve({
                    status: res.statusCode ?? 0,
                    reused: req.reusedSocket,
                    connection: res.headers.connection,
                    code: res.headers["x-gatehouse-code"] as string | undefined,
                    body: res.headers["content-type"]?.startsWith("application/json")
                      ? JSON.parse(text)
                      : text,
                  }),
                );
              },
            );
            req.on("error", reject);
            req.end();
          }),
        );
    } finally {
      agent.destroy();
    }
    return out;
  }

  it("R-GW-VERIFY: through NGINX every refusal is the JSON problem body with its real status, and the client's keep-alive connection survives 400, 401, 403 and 429", async () => {
    const policy = await makePolicy(pg.handle.db, world.org.id, {
      rate: 1,
      per: 60,
      access: [{ apiId: world.weather.id }],
    });
    const key = await makeKey(pg.handle.db, world.org.id, world.developer.id, [policy.id]);
    const answers = await onOneConnection(nginx.baseUrl, [
      { path: "/weather/a", key: key.plaintext },
      { path: "/weather/a", key: key.plaintext },
      { path: "/weather/a", key: key.plaintext },
      { path: "/weather/a" },
      { path: "/payments/a", key: key.plaintext },
      { path: "/weather/..%5cpayments/x", key: key.plaintext },
      { path: "/weather/a", key: world.key.plaintext },
    ]);
    const problem = (code: string) => ({ error: { code, message: expect.any(String) } });
    expect(answers.map((a) => [a.status, a.code ?? null])).toEqual([
      [200, null],
      [429, "rate_limited"],
      [429, "rate_limited"],
      [401, "missing_key"],
      [403, "no_access"],
      [400, "bad_request"],
      [200, null],
    ]);
    expect(answers[1]?.body).toEqual(problem("rate_limited"));
    expect(answers[3]?.body).toEqual(problem("missing_key"));
    expect(answers[4]?.body).toEqual(problem("no_access"));
    expect(answers[5]?.body).toEqual(problem("bad_request"));
    // One TCP connection carried every call: none of the refusals closed it.
    expect(answers.slice(1).map((a) => a.reused)).toEqual(answers.slice(1).map(() => true));
    expect(answers.map((a) => a.connection)).not.toContain("close");
  });

  it("R-GW-VERIFY: with Gatehouse unreachable, NGINX answers 503 with a JSON problem body (never its own HTML page)", async () => {
    const [down] = await onOneConnection(unreachableUrl, [
      { path: "/weather/a", key: world.key.plaintext },
    ]);
    expect(down?.status).toBe(503);
    expect(down?.body).toEqual({
      error: { code: "unavailable", message: "Key verification is unavailable." },
    });
  });

  it("R-GW-VERIFY: an exhausted quota → 429 until its renewal (2 s period)", async () => {
    const policy = await makePolicy(pg.handle.db, world.org.id, {
      quotaMax: 2,
      quotaRenewalSeconds: 2,
      access: [{ apiId: world.weather.id }],
    });
    const key = await makeKey(pg.handle.db, world.org.id, world.developer.id, [policy.id]);
    const first = await call("/weather/q", key.plaintext);
    const started = Date.now();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-quota-remaining")).toBe("1");
    expect((await call("/weather/q", key.plaintext)).status).toBe(200);
    const over = await call("/weather/q", key.plaintext);
    expect([over.status, over.headers.get("x-gatehouse-code")]).toEqual([429, "quota_exceeded"]);
    expect(Number(over.headers.get("retry-after"))).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, Math.max(0, 2100 - (Date.now() - started))));
    expect((await call("/weather/q", key.plaintext)).status).toBe(200);
  });

  it("R-KEY-POLICY-CHANGE: a revoked key is refused by the verifier before its cache would expire (invalidation, not the TTL)", async () => {
    const key = await makeKey(pg.handle.db, world.org.id, world.developer.id, [world.policy.id]);
    expect((await call("/weather/x", key.plaintext)).status).toBe(200);
    await pg.handle.db
      .update(keys)
      .set({ status: "revoked", revokedAt: new Date() })
      .where(eq(keys.id, key.row.id));
    notifier?.gateway.invalidate({ type: "key", id: key.row.id });
    // With Redis the verifier caches for 10 s: a refusal within 5 s is the pub/sub invalidation.
    await expect
      .poll(async () => (await call("/weather/x", key.plaintext)).status, {
        timeout: 5000,
        interval: 25,
      })
      .toBe(403);
  });

  it("R-KEY-IP-ALLOW: through the shipped NGINX snippet (X-Real-IP), a key bound to other addresses gets 403 ip_not_allowed; bound to this client's address it passes", async () => {
    const db = pg.handle.db;
    const elsewhere = await makeKey(db, world.org.id, world.developer.id, [world.policy.id], {
      allowedIps: ["203.0.113.0/24"],
    });
    const refused = await call("/weather/ip", elsewhere.plaintext);
    expect([refused.status, refused.headers.get("x-gatehouse-code")]).toEqual([
      403,
      "ip_not_allowed",
    ]);
    expect(await refused.json()).toMatchObject({ error: { code: "ip_not_allowed" } });
    const here = await makeKey(db, world.org.id, world.developer.id, [world.policy.id], {
      allowedIps: ["127.0.0.1", "::1"],
    });
    expect((await call("/weather/ip", here.plaintext)).status).toBe(200);
  });

  it("R-KEY-ROTATE: through NGINX, a bounded load with the old key while the key is rolled with a 3 s grace loses no call; the new key passes at once and the old one is refused from the grace end", async () => {
    const db = pg.handle.db;
    const roomy = await makePolicy(db, world.org.id, {
      rate: 100_000,
      per: 60,
      access: [{ apiId: world.weather.id }],
    });
    const key = await makeKey(db, world.org.id, world.developer.id, [roomy.id]);
    // Cached as the key's current value in the verifier before the roll.
    expect((await call("/weather/r", key.plaintext)).status).toBe(200);
    type Sample = { sent: number; answered: number; status: number };
    const samples: Sample[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const sent = Date.now();
        const res = await call("/weather/load", key.plaintext);
        samples.push({ sent, answered: Date.now(), status: res.status });
        await res.arrayBuffer();
      }
    };
    const load = Array.from({ length: 4 }, worker);
    const rolled = await rollKey(db, world.org.id, key.row.id, { graceSeconds: 3 }, SYSTEM_ACTOR);
    if (!rolled.ok) throw new Error(rolled.message);
    notifier?.gateway.invalidate({ type: "key", id: key.row.id });
    const endsAt = rolled.value.previousValidUntil?.getTime() ?? 0;
    expect((await call("/weather/new", rolled.value.key)).status).toBe(200);
    // The old value stops exactly at its grace end: poll until a call sent after it is refused.
    await expect
      .poll(() => samples.some((x) => x.sent > endsAt), { timeout: 10_000, interval: 50 })
      .toBe(true);
    stop = true;
    await Promise.all(load);
    const inGrace = samples.filter((x) => x.answered < endsAt);
    const after = samples.filter((x) => x.sent > endsAt);
    expect(inGrace.length).toBeGreaterThan(20);
    expect(inGrace.filter((x) => x.status !== 200)).toEqual([]);
    expect(after.length).toBeGreaterThan(0);
    expect(after.map((x) => x.status)).toEqual(after.map(() => 401));
    expect((await call("/weather/old", key.plaintext)).status).toBe(401);
    expect((await call("/weather/new", rolled.value.key)).status).toBe(200);
  });

  it("R-GW-USAGE: the calls appear in the developer's 7-day usage (what the graph reads)", async () => {
    const db = pg.handle.db;
    const dev = await makeDeveloper(db, world.org.id);
    const key = await makeKey(db, world.org.id, dev.id, [world.policy.id]);
    for (let i = 0; i < 4; i++)
      expect((await call(`/weather/u${i}`, key.plaintext)).status).toBe(200);
    expect((await call("/payments/u", key.plaintext)).status).toBe(403);
    const now = Date.now();
    const range = {
      from: new Date(now - 7 * 86_400_000),
      to: new Date(now + 3_600_000),
      granularity: "day" as const,
    };
    let total = { requests: 0, successes: 0, errors: 0 };
    for (let i = 0; i < 50 && total.requests < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const series = await developerUsageSeries(db, world.org.id, dev.id, range);
      total = series.reduce(
        (a, b) => ({
          requests: a.requests + b.requests,
          successes: a.successes + b.successes,
          errors: a.errors + b.errors,
        }),
        { requests: 0, successes: 0, errors: 0 },
      );
    }
    expect(total).toEqual({ requests: 5, successes: 4, errors: 1 });
    const [row] = await db
      .select({ lastUsedAt: keys.lastUsedAt })
      .from(keys)
      .where(eq(keys.id, key.row.id));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });
});
