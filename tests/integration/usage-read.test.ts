import { and, eq, gte, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { findDeveloperByEmail } from "@/db/queries/developers";
import { listDeveloperKeys } from "@/db/queries/keys";
import {
  developerUsageSeries,
  keyUsageByApi,
  keyUsageSeries,
  type UsageBucketRow,
  orgUsageSeries,
} from "@/db/queries/usage-read";
import * as s from "@/db/schema";
import { DEMO, seedDemo } from "@/lib/seed";
import { describeWindow, fillSeries, lastHoursRange, usageRange } from "@/lib/usage/series";
import { orgHourlySeries, orgRefusalSeries, usageBreakdown } from "@/db/queries/usage-page";
import { refusalSeries } from "@/lib/usage/refusals";
import { usageCsvResponse } from "@/lib/usage/csv";
import { usagePageQuery, usagePageWindow } from "@/lib/usage/page-range";
import { describeEachDb, makeDeveloper, makeOrg, openRollbackScope } from "../helpers/db";
import { addUsage, makeApi, makeKey, makePolicy } from "../helpers/dev-fixtures";

const sec = (iso: string) => Date.parse(iso) / 1000;
const range = (from: string, to: string, granularity: "hour" | "day") => ({
  from: new Date(from),
  to: new Date(to),
  granularity,
});

/** An organisation with two developers, three keys, two APIs and usage around a UTC midnight. */
async function usageFixture(db: Db) {
  const org = await makeOrg(db);
  const weather = await makeApi(db, org.id, { name: "Weather" });
  const geo = await makeApi(db, org.id, { name: "Geocoding" });
  const policy = await makePolicy(db, org.id, {}, [{ apiId: weather.id }, { apiId: geo.id }]);
  const dev = await makeDeveloper(db, org.id);
  const other = await makeDeveloper(db, org.id);
  const { key: k1 } = await makeKey(db, org.id, dev.id, [policy.id]);
  const { key: k2 } = await makeKey(db, org.id, dev.id, [policy.id]);
  const { key: k3 } = await makeKey(db, org.id, other.id, [policy.id]);
  await addUsage(db, [
    { key: k1, apiId: weather.id, hour: "2026-03-08T12:00:00Z", requests: 100, errors: 0 },
    { key: k1, apiId: weather.id, hour: "2026-03-09T22:00:00Z", requests: 10, errors: 1 },
    { key: k1, apiId: weather.id, hour: "2026-03-09T23:00:00Z", requests: 20, errors: 2 },
    { key: k1, apiId: geo.id, hour: "2026-03-09T23:00:00Z", requests: 5, errors: 0 },
    { key: k2, apiId: weather.id, hour: "2026-03-10T00:00:00Z", requests: 7, errors: 3 },
    { key: k2, apiId: geo.id, hour: "2026-03-10T05:00:00Z", requests: 3, errors: 0 },
    { key: k3, apiId: weather.id, hour: "2026-03-10T00:00:00Z", requests: 1000, errors: 500 },
  ]);
  return { org, weather, geo, dev, other, k1, k2, k3 };
}

const TWO_DAYS_BY_DAY = range("2026-03-09T00:00:00Z", "2026-03-11T00:00:00Z", "day");
const TWO_DAYS_BY_HOUR = range("2026-03-09T00:00:00Z", "2026-03-11T00:00:00Z", "hour");

describeEachDb("Usage: rollup queries (db/queries/usage-read.ts)", (getDb) => {
  it("R-DEV-USAGE: a developer's usage is summed over all their keys and APIs into UTC day buckets (epoch seconds)", async () => {
    const db = getDb();
    const f = await usageFixture(db);
    const rows = await developerUsageSeries(db, f.org.id, f.dev.id, TWO_DAYS_BY_DAY);
    expect(rows).toEqual([
      { t: sec("2026-03-09T00:00:00Z"), requests: 35, successes: 32, errors: 3 },
      { t: sec("2026-03-10T00:00:00Z"), requests: 10, successes: 7, errors: 3 },
    ]);
    for (const r of rows) for (const v of Object.values(r)) expect(typeof v).toBe("number");
  });

  it("R-DEV-USAGE: hourly buckets, ascending; the range includes its start and excludes its end", async () => {
    const db = getDb();
    const f = await usageFixture(db);
    expect(await developerUsageSeries(db, f.org.id, f.dev.id, TWO_DAYS_BY_HOUR)).toEqual([
      { t: sec("2026-03-09T22:00:00Z"), requests: 10, successes: 9, errors: 1 },
      { t: sec("2026-03-09T23:00:00Z"), requests: 25, successes: 23, errors: 2 },
      { t: sec("2026-03-10T00:00:00Z"), requests: 7, successes: 4, errors: 3 },
      { t: sec("2026-03-10T05:00:00Z"), requests: 3, successes: 3, errors: 0 },
    ]);
    const window = range("2026-03-09T23:00:00Z", "2026-03-10T05:00:00Z", "hour");
    expect((await developerUsageSeries(db, f.org.id, f.dev.id, window)).map((r) => r.t)).toEqual([
      sec("2026-03-09T23:00:00Z"),
      sec("2026-03-10T00:00:00Z"),
    ]);
    // No traffic in the range: no rows (fillSeries draws the zeros).
    expect(
      await developerUsageSeries(
        db,
        f.org.id,
        f.dev.id,
        range("2026-01-01T00:00:00Z", "2026-01-08T00:00:00Z", "day"),
      ),
    ).toEqual([]);
  });

  it("R-DEV-USAGE: day buckets are UTC days whatever the database session's time zone", async () => {
    const db = getDb();
    const f = await usageFixture(db);
    const scope = await openRollbackScope(db);
    try {
      await scope.db.execute(sql`set local time zone 'Pacific/Kiritimati'`);
      // postgres.js answers an array of rows, PGlite an object with `rows`.
      const answer: unknown = await scope.db.execute(sql`show time zone`);
      const rows = (
        Array.isArray(answer) ? answer : (answer as { rows: unknown[] }).rows
      ) as Array<{ TimeZone: string }>;
      expect(rows[0]?.TimeZone).toBe("Pacific/Kiritimati");
      expect(await developerUsageSeries(scope.db, f.org.id, f.dev.id, TWO_DAYS_BY_DAY)).toEqual([
        { t: sec("2026-03-09T00:00:00Z"), requests: 35, successes: 32, errors: 3 },
        { t: sec("2026-03-10T00:00:00Z"), requests: 10, successes: 7, errors: 3 },
      ]);
      expect(
        (await keyUsageSeries(scope.db, f.org.id, f.k1.id, TWO_DAYS_BY_HOUR)).map((r) => r.t),
      ).toEqual([sec("2026-03-09T22:00:00Z"), sec("2026-03-09T23:00:00Z")]);
    } finally {
      await scope.release();
    }
  });

  it("R-KEY-ANALYTICS: a key's usage counts that key only, by day and by hour", async () => {
    const db = getDb();
    const f = await usageFixture(db);
    expect(await keyUsageSeries(db, f.org.id, f.k2.id, TWO_DAYS_BY_DAY)).toEqual([
      { t: sec("2026-03-10T00:00:00Z"), requests: 10, successes: 7, errors: 3 },
    ]);
    expect(await keyUsageSeries(db, f.org.id, f.k1.id, TWO_DAYS_BY_DAY)).toEqual([
      { t: sec("2026-03-09T00:00:00Z"), requests: 35, successes: 32, errors: 3 },
    ]);
    expect(
      await keyUsageSeries(
        db,
        f.org.id,
        f.k1.id,
        range("2026-03-08T00:00:00Z", "2026-03-11T00:00:00Z", "day"),
      ),
    ).toEqual([
      { t: sec("2026-03-08T00:00:00Z"), requests: 100, successes: 100, errors: 0 },
      { t: sec("2026-03-09T00:00:00Z"), requests: 35, successes: 32, errors: 3 },
    ]);
    expect(await keyUsageSeries(db, f.org.id, f.k2.id, TWO_DAYS_BY_HOUR)).toEqual([
      { t: sec("2026-03-10T00:00:00Z"), requests: 7, successes: 4, errors: 3 },
      { t: sec("2026-03-10T05:00:00Z"), requests: 3, successes: 3, errors: 0 },
    ]);
  });

  it("R-KEY-ANALYTICS: a key's usage by API, busiest first, with API names, within the range", async () => {
    const db = getDb();
    const f = await usageFixture(db);
    const byApi = await keyUsageByApi(db, f.org.id, f.k1.id, TWO_DAYS_BY_DAY);
    expect(byApi).toEqual([
      { apiId: f.weather.id, apiName: "Weather", requests: 30, successes: 27, errors: 3 },
      { apiId: f.geo.id, apiName: "Geocoding", requests: 5, successes: 5, errors: 0 },
    ]);
    expect(
      await keyUsageByApi(
        db,
        f.org.id,
        f.k1.id,
        range("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", "day"),
      ),
    ).toEqual([
      { apiId: f.weather.id, apiName: "Weather", requests: 100, successes: 100, errors: 0 },
    ]);
    expect(
      await keyUsageByApi(
        db,
        f.org.id,
        f.k1.id,
        range("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "day"),
      ),
    ).toEqual([]);
  });

  it("R-ORG-ISOLATION: another organisation's id reads none of this organisation's usage, and its own usage never mixes in", async () => {
    const db = getDb();
    const a = await usageFixture(db);
    const b = await usageFixture(db);
    expect(await developerUsageSeries(db, b.org.id, a.dev.id, TWO_DAYS_BY_DAY)).toEqual([]);
    expect(await keyUsageSeries(db, b.org.id, a.k1.id, TWO_DAYS_BY_DAY)).toEqual([]);
    expect(await keyUsageByApi(db, b.org.id, a.k1.id, TWO_DAYS_BY_DAY)).toEqual([]);
    // With identical traffic in B, A's numbers are still A's alone.
    expect(
      (await developerUsageSeries(db, a.org.id, a.dev.id, TWO_DAYS_BY_DAY)).map((r) => r.requests),
    ).toEqual([35, 10]);
    expect(
      (await keyUsageByApi(db, a.org.id, a.k1.id, TWO_DAYS_BY_DAY)).map((r) => r.apiId),
    ).toEqual([a.weather.id, a.geo.id]);
  });
});

// The demo seed: realistic traffic for the seeded developer alice@example.com. The organisation
// slug "acme" is fixed, so on the shared Postgres database the seed is rolled back afterwards.
describeEachDb("Usage: the demo organisation's seeded traffic", (getDb, target) => {
  const now = new Date("2026-03-10T15:30:00Z");
  let db: Db;
  let release: () => Promise<void> = async () => {};
  let orgId = "";
  let aliceId = "";

  beforeAll(async () => {
    if (target === "postgres") {
      const scope = await openRollbackScope(getDb());
      db = scope.db;
      release = scope.release;
    } else {
      db = getDb();
    }
    orgId = (await seedDemo(db, now)).orgId;
    const alice = await findDeveloperByEmail(db, orgId, DEMO.developer.email);
    if (!alice) throw new Error("the seed has no alice");
    aliceId = alice.id;
  });
  afterAll(async () => {
    await release();
  });

  /** Raw sums of usage_hourly rows, for comparison with the query functions. */
  async function rawTotals(where: { developerId?: string; keyId?: string }, from: Date, to: Date) {
    const [row] = await db
      .select({
        requests: sql<number>`coalesce(sum(${s.usageHourly.requests}), 0)`.mapWith(Number),
        errors: sql<number>`coalesce(sum(${s.usageHourly.errors}), 0)`.mapWith(Number),
      })
      .from(s.usageHourly)
      .where(
        and(
          eq(s.usageHourly.orgId, orgId),
          where.developerId ? eq(s.usageHourly.developerId, where.developerId) : undefined,
          where.keyId ? eq(s.usageHourly.keyId, where.keyId) : undefined,
          gte(s.usageHourly.hour, from),
          lt(s.usageHourly.hour, to),
        ),
      );
    return { requests: row?.requests ?? 0, errors: row?.errors ?? 0 };
  }

  it("R-DEV-USAGE: alice's last 7 days by day: 7 buckets ending today, with traffic and errors, matching the rollups", async () => {
    const r = usageRange(7, "day", now);
    const summary = fillSeries(await developerUsageSeries(db, orgId, aliceId, r), r);
    expect(summary.points).toHaveLength(7);
    expect(summary.points.at(-1)?.t).toBe(sec("2026-03-10T00:00:00Z"));
    expect(summary.points.every((p) => p.requests > 0)).toBe(true);
    expect(summary.totals.errors).toBeGreaterThan(0);
    expect(summary.totals.errors).toBeLessThan(summary.totals.requests);
    expect(summary.totals.successes + summary.totals.errors).toBe(summary.totals.requests);
    const raw = await rawTotals({ developerId: aliceId }, r.from, r.to);
    expect({ requests: summary.totals.requests, errors: summary.totals.errors }).toEqual(raw);
  });

  it("R-DEV-USAGE: alice's last 7 days by hour: every hour from midnight UTC six days ago to the current hour, matching the rollups", async () => {
    const r = usageRange(7, "hour", now);
    const summary = fillSeries(await developerUsageSeries(db, orgId, aliceId, r), r);
    expect(summary.points).toHaveLength(6 * 24 + 16);
    expect(summary.points[0]?.t).toBe(sec("2026-03-04T00:00:00Z"));
    expect(summary.points.at(-1)?.t).toBe(sec("2026-03-10T15:00:00Z"));
    expect(summary.points.filter((p) => p.requests > 0).length).toBeGreaterThan(100);
    const raw = await rawTotals({ developerId: aliceId }, r.from, r.to);
    expect(summary.totals.requests).toBe(raw.requests);
    expect(summary.totals.requests).toBeGreaterThan(0);
  });

  it("R-DEV-USAGE: Daily and Hourly views of the last 7 days cover one window and show the same totals, and say which window", async () => {
    const byDay = usageRange(7, "day", now);
    const byHour = usageRange(7, "hour", now);
    expect(byHour.from).toEqual(byDay.from);
    const daily = fillSeries(await developerUsageSeries(db, orgId, aliceId, byDay), byDay);
    const hourly = fillSeries(await developerUsageSeries(db, orgId, aliceId, byHour), byHour);
    expect(hourly.totals).toEqual(daily.totals);
    expect(daily.totals.requests).toBeGreaterThan(0);
    expect(describeWindow(daily)).toBe("4 Mar – 10 Mar 2026 (UTC), up to now");
    expect(describeWindow(hourly)).toBe("4 Mar – 10 Mar 2026 (UTC), up to now");
  });

  it("R-DEV-USAGE: the developer panel is the sum of the developer's keys", async () => {
    const r = usageRange(7, "day", now);
    const keys = await listDeveloperKeys(db, orgId, aliceId);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const perKey = await Promise.all(keys.map((k) => keyUsageSeries(db, orgId, k.id, r)));
    const summed = new Map<number, UsageBucketRow>();
    for (const row of perKey.flat()) {
      const acc = summed.get(row.t) ?? { t: row.t, requests: 0, successes: 0, errors: 0 };
      summed.set(row.t, {
        t: row.t,
        requests: acc.requests + row.requests,
        successes: acc.successes + row.successes,
        errors: acc.errors + row.errors,
      });
    }
    expect(await developerUsageSeries(db, orgId, aliceId, r)).toEqual(
      [...summed.values()].sort((x, y) => x.t - y.t),
    );
  });

  it("R-KEY-ANALYTICS: alice's keys by API: the Free+Pro key called Weather and Geocoding, the Free key Weather only", async () => {
    const r = usageRange(7, "day", now);
    const keys = await listDeveloperKeys(db, orgId, aliceId);
    const prod = keys.find((k) => k.alias === "alice-prod");
    const test = keys.find((k) => k.alias === "alice-test");
    if (!prod || !test) throw new Error("seeded keys of alice missing");
    expect(prod.policies.map((p) => p.policyName)).toEqual(["Free", "Pro"]);
    const prodByApi = await keyUsageByApi(db, orgId, prod.id, r);
    expect(prodByApi.map((a) => a.apiName).sort()).toEqual(["Geocoding", "Weather"]);
    expect(prodByApi[0]?.requests).toBeGreaterThanOrEqual(prodByApi[1]?.requests ?? 0);
    const testByApi = await keyUsageByApi(db, orgId, test.id, r);
    expect(testByApi.map((a) => a.apiName)).toEqual(["Weather"]);
    const series = fillSeries(await keyUsageSeries(db, orgId, prod.id, r), r);
    expect(series.totals.requests).toBe(prodByApi.reduce((n, a) => n + a.requests, 0));
    expect(series.totals.errors).toBe(prodByApi.reduce((n, a) => n + a.errors, 0));
    expect(series.totals.requests).toBe(
      (await rawTotals({ keyId: prod.id }, r.from, r.to)).requests,
    );
  });

  it("R-USAGE-PAGE: the Usage page's window, over time, by API and busiest developers and keys add up to the organisation's calls, by day and by hour", async () => {
    for (const range of ["7d", "24h"] as const) {
      const chosen = usagePageWindow({ range }, now);
      if (!chosen.ok) throw new Error(chosen.message);
      const w = chosen.window;
      const series =
        w.granularity === "hour"
          ? await orgHourlySeries(db, orgId, w)
          : await orgUsageSeries(db, orgId, w);
      const total = fillSeries(series, w).totals;
      expect(total.requests, range).toBeGreaterThan(0);
      const byApi = await usageBreakdown(db, orgId, w, "api", 100);
      expect(
        byApi.reduce((a, r) => a + r.requests, 0),
        range,
      ).toBe(total.requests);
      expect(
        byApi.reduce((a, r) => a + r.errors, 0),
        range,
      ).toBe(total.errors);
      const devs = await usageBreakdown(db, orgId, w, "developer", 3);
      expect(devs.length).toBeGreaterThan(0);
      expect(devs.map((d) => d.requests)).toEqual(
        [...devs.map((d) => d.requests)].sort((a, b) => b - a),
      );
      expect(devs.every((d) => d.label.includes("@"))).toBe(true);
      const topKeys = await usageBreakdown(db, orgId, w, "key", 3);
      expect(topKeys.every((k) => /^gh_\w+…/.test(k.label) && k.developerId)).toBe(true);
    }
  });

  it("R-USAGE-PAGE: refusals by code over the demo's last 7 days and 24 hours add up, bucket by bucket, to the chart's errors", async () => {
    for (const range of ["7d", "24h"] as const) {
      const chosen = usagePageWindow({ range }, now);
      if (!chosen.ok) throw new Error(chosen.message);
      const w = chosen.window;
      const calls = fillSeries(
        w.granularity === "hour"
          ? await orgHourlySeries(db, orgId, w)
          : await orgUsageSeries(db, orgId, w),
        w,
      );
      const refusals = refusalSeries(await orgRefusalSeries(db, orgId, w), w);
      expect(refusals.total, range).toBe(calls.totals.errors);
      expect(refusals.total, range).toBeGreaterThan(0);
      expect(refusals.points.map((p) => p.t)).toEqual(calls.points.map((p) => p.t));
      refusals.points.forEach((p, i) => {
        const sumOfCodes = refusals.series.reduce((a, c) => a + (p[c.code] ?? 0), 0);
        expect(sumOfCodes, `${range} bucket ${p.t}`).toBe(calls.points[i]?.errors);
      });
      expect(refusals.codes.map((c) => c.code)).toContain("rate_limited");
      expect(refusals.codes.find((c) => c.code === "rate_limited")).toMatchObject({
        label: "Rate limited",
        status: 429,
      });
    }
  });

  it("R-USAGE-PAGE: filtered to one API, the calls, refusals by code and top consumers are that API's share of the organisation's", async () => {
    for (const range of ["7d", "24h"] as const) {
      const chosen = usagePageWindow({ range }, now);
      if (!chosen.ok) throw new Error(chosen.message);
      const w = chosen.window;
      const byApi = await usageBreakdown(db, orgId, w, "api", 100);
      expect(byApi.length, range).toBeGreaterThan(1);
      for (const api of byApi) {
        const filter = { apiId: api.id };
        const calls = fillSeries(
          w.granularity === "hour"
            ? await orgHourlySeries(db, orgId, w, filter)
            : await orgUsageSeries(db, orgId, w, filter),
          w,
        ).totals;
        expect([calls.requests, calls.errors], `${range} ${api.label}`).toEqual([
          api.requests,
          api.errors,
        ]);
        const refusals = refusalSeries(await orgRefusalSeries(db, orgId, w, filter), w);
        expect(refusals.total, `${range} ${api.label}`).toBe(api.errors);
        const only = await usageBreakdown(db, orgId, w, "api", 100, filter);
        expect(only.map((r) => r.id)).toEqual([api.id]);
        const devs = await usageBreakdown(db, orgId, w, "developer", 1000, filter);
        expect(devs.reduce((a, d) => a + d.requests, 0)).toBe(api.requests);
      }
    }
  });

  it("R-USAGE-PAGE: the API filter takes only an API id; anything else means every API", () => {
    expect(usagePageQuery.parse({ api: "api_0123456789abcdefghijklmn" }).api).toMatch(/^api_/);
    for (const api of ["", "key_0123456789abcdefghijklmn", "api_'; drop table apis", ["a", "b"]])
      expect(usagePageQuery.parse({ api }).api).toBeUndefined();
  });

  it("R-USAGE-EXPORT: the console CSV of the last 7 days, streamed, sums to the page's total, one header row", async () => {
    const chosen = usagePageWindow({ range: "7d" }, now);
    if (!chosen.ok) throw new Error(chosen.message);
    const w = chosen.window;
    const res = await usageCsvResponse(db, orgId, w.days, ["day", "developer", "key", "api"]);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe(
      "day,developer_id,developer_email,key_id,key_start,api_id,api_slug,requests,successes,errors",
    );
    const sum = lines.slice(1).reduce((a, l) => a + Number(l.split(",").at(-3)), 0);
    const total = fillSeries(await orgUsageSeries(db, orgId, w), w).totals.requests;
    expect(sum).toBe(total);
  });

  it("R-USAGE-PAGE: a custom range is whole UTC days up to a year; a reversed, impossible or too long one is a message", () => {
    expect(
      usagePageWindow({ range: "custom", from: "2026-03-01", to: "2026-03-03" }, now),
    ).toMatchObject({
      ok: true,
      window: { granularity: "day", days: { from: "2026-03-01", to: "2026-03-03" } },
    });
    expect(
      usagePageWindow({ range: "custom", from: "2026-03-03", to: "2026-03-01" }, now),
    ).toMatchObject({
      ok: false,
      message: "The end day is before the start day.",
    });
    expect(
      usagePageWindow({ range: "custom", from: "2026-02-30", to: "2026-03-01" }, now),
    ).toMatchObject({
      ok: false,
    });
    expect(
      usagePageWindow({ range: "custom", from: "2024-01-01", to: "2026-03-01" }, now),
    ).toMatchObject({
      ok: false,
      message: "Choose at most a year (366 days).",
    });
    expect(usagePageWindow({ range: "custom" }, now)).toMatchObject({ ok: false });
  });

  it("R-KEY-ANALYTICS: the last 24 hours of a key, hourly", async () => {
    const r = lastHoursRange(24, now);
    const [key] = await listDeveloperKeys(db, orgId, aliceId);
    if (!key) throw new Error("alice has no key");
    const summary = fillSeries(await keyUsageSeries(db, orgId, key.id, r), r);
    expect(summary.points).toHaveLength(24);
    expect(describeWindow(summary)).toBe("9 Mar, 16:00 – 10 Mar 2026 (UTC), up to now");
    expect(summary.totals.requests).toBe(
      (await rawTotals({ keyId: key.id }, r.from, r.to)).requests,
    );
    expect(summary.totals.requests).toBeGreaterThan(0);
  });

  it("R-ORG-ISOLATION: a second organisation's traffic never shows in the demo organisation's graphs, nor the reverse", async () => {
    const r = usageRange(7, "day", now);
    const before = await developerUsageSeries(db, orgId, aliceId, r);
    const other = await makeOrg(db);
    const api = await makeApi(db, other.id);
    const policy = await makePolicy(db, other.id, {}, [{ apiId: api.id }]);
    const dev = await makeDeveloper(db, other.id, { email: DEMO.developer.email });
    const { key } = await makeKey(db, other.id, dev.id, [policy.id]);
    await addUsage(db, [
      { key, apiId: api.id, hour: new Date("2026-03-10T10:00:00Z"), requests: 9999, errors: 1 },
    ]);

    expect(await developerUsageSeries(db, orgId, aliceId, r)).toEqual(before);
    expect(await developerUsageSeries(db, orgId, dev.id, r)).toEqual([]);
    expect(await keyUsageSeries(db, orgId, key.id, r)).toEqual([]);
    expect(await keyUsageByApi(db, orgId, key.id, r)).toEqual([]);
    expect(await developerUsageSeries(db, other.id, aliceId, r)).toEqual([]);
    const [aliceKey] = await listDeveloperKeys(db, orgId, aliceId);
    expect(await keyUsageSeries(db, other.id, aliceKey?.id ?? "", r)).toEqual([]);
    expect(await developerUsageSeries(db, other.id, dev.id, r)).toEqual([
      { t: sec("2026-03-10T00:00:00Z"), requests: 9999, successes: 9998, errors: 1 },
    ]);
  });
});
