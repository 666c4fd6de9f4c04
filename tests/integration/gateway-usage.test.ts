import { and, eq, sql, sum } from "drizzle-orm";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import { apiTokens, keys, quotaUsage, usageHourly, usageRefusalsHourly } from "@/db/schema";
import { arrayLiteral } from "@/db/queries/usage-write";
import { handleUsage } from "@/lib/gateway/http";
import { describeEachDb } from "../helpers/db";
import { fakeClock, makeGatewayWorld, testGateway } from "../helpers/gateway-fixtures";

const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()] ?? null;

/** usage_refusals_hourly of an organisation as { code: count }. */
async function refusalsByCode(db: Db, orgId: string) {
  const rows = await db
    .select({ code: usageRefusalsHourly.code, n: sum(usageRefusalsHourly.refusals) })
    .from(usageRefusalsHourly)
    .where(eq(usageRefusalsHourly.orgId, orgId))
    .groupBy(usageRefusalsHourly.code);
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
}

async function totals(db: Db, keyId: string) {
  const [row] = await db
    .select({
      requests: sum(usageHourly.requests),
      successes: sum(usageHourly.successes),
      errors: sum(usageHourly.errors),
    })
    .from(usageHourly)
    .where(eq(usageHourly.keyId, keyId));
  return {
    requests: Number(row?.requests ?? 0),
    successes: Number(row?.successes ?? 0),
    errors: Number(row?.errors ?? 0),
  };
}

describeEachDb("R-GW-USAGE: usage counting", (getDb) => {
  it("R-GW-USAGE: after N allowed calls and a flush, the hourly rollups sum to exactly N", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db, { rate: 10_000, per: 60 });
    const clock = fakeClock(Date.now());
    const gw = testGateway(db, { now: clock.now });
    const N = 137;
    for (let i = 0; i < N; i++) {
      // Cross an hour boundary half way: two rollup rows, one total.
      if (i === 70) clock.advance(3_600_000);
      expect(
        (await gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/x", method: "GET" }))
          .code,
      ).toBe("valid");
    }
    await gw.flush();
    expect(await totals(db, w.key.row.id)).toEqual({ requests: N, successes: N, errors: 0 });
    const rows = await db.select().from(usageHourly).where(eq(usageHourly.keyId, w.key.row.id));
    expect(rows).toHaveLength(2);
    expect(
      rows.every(
        (r) => r.developerId === w.developer.id && r.orgId === w.org.id && r.apiId === w.weather.id,
      ),
    ).toBe(true);
    const [key] = await db
      .select({ lastUsedAt: keys.lastUsedAt })
      .from(keys)
      .where(eq(keys.id, w.key.row.id));
    expect(key?.lastUsedAt?.getTime()).toBe(clock.now());
    // Flushing again adds nothing; more calls add exactly their count.
    await gw.flush();
    await gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/x", method: "GET" });
    await gw.flush();
    expect((await totals(db, w.key.row.id)).requests).toBe(N + 1);
  });

  it("R-GW-USAGE: rejections with a known key and API are counted as errors; gateway token use is recorded", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db, { rate: 2, per: 60 });
    const gw = testGateway(db);
    await gw.authenticate(w.token.plaintext);
    for (let i = 0; i < 5; i++)
      await gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/", method: "GET" });
    await gw.verify(w.org.id, { key: w.key.plaintext, path: "/payments/", method: "GET" });
    await gw.flush();
    expect(await totals(db, w.key.row.id)).toEqual({ requests: 6, successes: 2, errors: 4 });
    const [t] = await db
      .select({ lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .where(eq(apiTokens.id, w.token.row.id));
    expect(t?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("R-USAGE-PAGE: refused calls are written by code, in the same flush, and the codes add up to the errors; a failed flush loses none", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db, { rate: 3, per: 60, methods: ["GET"] });
    const real = testGateway(db).store;
    let fail = true;
    const gw = testGateway(db, {
      store: {
        ...real,
        writeFlush: (b) => (fail ? Promise.reject(new Error("database down")) : real.writeFlush(b)),
      },
    });
    const call = (path: string, method = "GET") =>
      gw.verify(w.org.id, { key: w.key.plaintext, path, method });
    expect((await call("/weather/a", "DELETE")).code).toBe("method_not_allowed");
    for (let i = 0; i < 6; i++) await call("/weather/a");
    expect((await call("/payments/x")).code).toBe("no_access");
    await gw.flush();
    expect(await refusalsByCode(db, w.org.id)).toEqual({});
    fail = false;
    expect((await call("/weather/b")).code).toBe("rate_limited");
    await gw.flush();
    const byCode = await refusalsByCode(db, w.org.id);
    expect(byCode).toEqual({ method_not_allowed: 1, rate_limited: 4, no_access: 1 });
    const t = await totals(db, w.key.row.id);
    expect(t).toEqual({ requests: 9, successes: 3, errors: 6 });
    expect(Object.values(byCode).reduce((a, n) => a + n, 0)).toBe(t.errors);
  });

  it("R-USAGE-PAGE: usage posted by a gateway enforcing on its own counts its refusals by status (http_<status>)", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db);
    const now = Date.now();
    const res = await handleUsage(
      gw,
      headers({ authorization: `Bearer ${w.token.plaintext}` }),
      JSON.stringify({
        batchId: "codes-1",
        records: [
          { keyId: w.key.row.id, api: w.weather.slug, timestamp: now, status: 200, count: 5 },
          { keyId: w.key.row.id, api: w.weather.slug, timestamp: now, status: 429, count: 2 },
          { keyId: w.key.row.id, api: w.weather.slug, timestamp: now, status: 503 },
        ],
      }),
    );
    expect(res.status).toBe(200);
    expect(await refusalsByCode(db, w.org.id)).toEqual({ http_429: 2, http_503: 1 });
    expect(await totals(db, w.key.row.id)).toEqual({ requests: 8, successes: 5, errors: 3 });
  });

  it("R-GW-USAGE: a flush's columns travel as array literals: any text (quotes, backslashes, braces, commas, NULL, blanks) arrives as it was", async () => {
    const db = getDb();
    // Postgres text holds no NUL; everything else may appear in an id, a scope or a code.
    const text = fc
      .string({ unit: "grapheme", maxLength: 12 })
      .map((t) => t.replaceAll("\u0000", ""));
    const tricky = fc.constantFrom('"', "\\", "{", "}", ",", "NULL", "", " ", "a b", '\\"{,}');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(text, tricky), { minLength: 1, maxLength: 8 }),
        async (xs) => {
          const rows = await db.execute<{ v: string }>(
            sql`select v from unnest(${arrayLiteral(xs)}::text[]) with ordinality as t(v, i) order by i`,
          );
          const values = (
            Array.isArray(rows) ? rows : (rows as { rows: Array<{ v: string }> }).rows
          ).map((r) => r.v);
          expect(values).toEqual(xs);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("R-GW-USAGE: a failed flush keeps the counts and the retry writes them once", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const real = testGateway(db).store;
    let fail = true;
    const gw = testGateway(db, {
      store: {
        ...real,
        writeFlush: (b) => (fail ? Promise.reject(new Error("database down")) : real.writeFlush(b)),
      },
    });
    for (let i = 0; i < 7; i++)
      await gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/", method: "GET" });
    await gw.flush();
    expect((await totals(db, w.key.row.id)).requests).toBe(0);
    for (let i = 0; i < 3; i++)
      await gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/", method: "GET" });
    fail = false;
    await gw.flush();
    expect((await totals(db, w.key.row.id)).requests).toBe(10);
  });

  it("R-GW-USAGE: quota units are written behind, per scope and period", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db, { quotaMax: 50, quotaRenewalSeconds: 3600 });
    const gw = testGateway(db);
    for (let i = 0; i < 4; i++)
      await gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/", method: "GET" });
    await gw.flush();
    const [q] = await db
      .select()
      .from(quotaUsage)
      .where(and(eq(quotaUsage.keyId, w.key.row.id), eq(quotaUsage.scope, w.policy.id)));
    expect(q?.used).toBe(4);
  });

  it("R-GW-USAGE: posted batches are applied once per batch id; unknown keys and APIs are rejected", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const other = await makeGatewayWorld(db);
    const gw = testGateway(db);
    const now = Date.now();
    const body = JSON.stringify({
      batchId: "batch-1",
      records: [
        { key: w.key.plaintext, api: w.weather.slug, timestamp: now, status: 200 },
        {
          keyId: w.key.row.id,
          path: "/weather/today",
          timestamp: new Date(now).toISOString(),
          status: 500,
          count: 3,
        },
        { keyId: other.key.row.id, api: w.weather.id, timestamp: now, status: 200 },
        { key: w.key.plaintext, path: "/nowhere", timestamp: now, status: 200 },
      ],
    });
    const auth = headers({ authorization: `Bearer ${w.token.plaintext}` });
    const first = await handleUsage(gw, auth, body);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({
      batchId: "batch-1",
      duplicate: false,
      accepted: 4,
      rejected: [
        { index: 2, reason: "unknown_key" },
        { index: 3, reason: "unknown_api" },
      ],
    });
    const again = await handleUsage(gw, auth, body);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true, accepted: 0 });
    expect(await totals(db, w.key.row.id)).toEqual({ requests: 4, successes: 1, errors: 3 });
    expect(await totals(db, other.key.row.id)).toEqual({ requests: 0, successes: 0, errors: 0 });
    // The same batch id in another organisation is another batch.
    const theirs = await handleUsage(
      gw,
      headers({ authorization: `Bearer ${other.token.plaintext}` }),
      JSON.stringify({
        batchId: "batch-1",
        records: [
          { keyId: other.key.row.id, api: other.weather.slug, timestamp: now, status: 204 },
        ],
      }),
    );
    expect(JSON.parse(theirs.body)).toMatchObject({ duplicate: false, accepted: 1 });
    const invalid = await handleUsage(
      gw,
      auth,
      JSON.stringify({ batchId: "b2", records: [{ api: "x", timestamp: now, status: 200 }] }),
    );
    expect([invalid.status, JSON.parse(invalid.body).error.code]).toEqual([400, "bad_request"]);
  });
});
