import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import { listDevelopers } from "@/db/queries/developers";
import { listOrgKeys } from "@/db/queries/keys";
import { getOrgOverview } from "@/db/queries/stats";
import {
  orgUsageByApi,
  orgUsageSeries,
  orgUsageTotals,
  topDevelopers,
} from "@/db/queries/usage-read";
import { rebuildUsageDaily, type UsageRow } from "@/db/queries/usage-write";
import * as s from "@/db/schema";
import { dbGatewayStore } from "@/lib/gateway/store";
import { describeEachDb, makeDeveloper, makeOrg, randomHex } from "../helpers/db";
import { addUsage, makeApi, makeKey, makePolicy } from "../helpers/dev-fixtures";

const n = (v: unknown) => Number(v);

/** usage_hourly summed per (key, API, UTC day) and per (API, UTC day), the way the rollups must hold it. */
async function hourlyVsRollups(db: Db, orgId: string) {
  const fromHourly = await db.execute(sql`
    select key_id, api_id, to_char((hour at time zone 'UTC')::date, 'YYYY-MM-DD') as day,
           sum(requests)::int as requests, sum(successes)::int as successes, sum(errors)::int as errors
    from usage_hourly where org_id = ${orgId} group by 1, 2, 3 order by 1, 2, 3`);
  const daily = await db
    .select()
    .from(s.usageDaily)
    .where(eq(s.usageDaily.orgId, orgId))
    .orderBy(s.usageDaily.keyId, s.usageDaily.apiId, s.usageDaily.day);
  const orgFromHourly = await db.execute(sql`
    select api_id, to_char((hour at time zone 'UTC')::date, 'YYYY-MM-DD') as day,
           sum(requests)::int as requests, sum(successes)::int as successes, sum(errors)::int as errors
    from usage_hourly where org_id = ${orgId} group by 1, 2 order by 1, 2`);
  const orgDaily = await db
    .select()
    .from(s.usageOrgDaily)
    .where(eq(s.usageOrgDaily.orgId, orgId))
    .orderBy(s.usageOrgDaily.apiId, s.usageOrgDaily.day);
  // postgres.js answers an array, PGlite an object with rows.
  const rowsOf = (r: unknown) =>
    (Array.isArray(r) ? r : ((r as { rows?: unknown[] }).rows ?? [])) as Array<
      Record<string, unknown>
    >;
  return {
    expectedDaily: rowsOf(fromHourly).map((r) => ({
      keyId: r.key_id,
      apiId: r.api_id,
      day: r.day,
      requests: n(r.requests),
      successes: n(r.successes),
      errors: n(r.errors),
    })),
    daily: daily.map((r) => ({
      keyId: r.keyId,
      apiId: r.apiId,
      day: r.day,
      requests: r.requests,
      successes: r.successes,
      errors: r.errors,
    })),
    expectedOrg: rowsOf(orgFromHourly).map((r) => ({
      apiId: r.api_id,
      day: r.day,
      requests: n(r.requests),
      successes: n(r.successes),
      errors: n(r.errors),
    })),
    org: orgDaily.map((r) => ({
      apiId: r.apiId,
      day: r.day,
      requests: n(r.requests),
      successes: n(r.successes),
      errors: n(r.errors),
    })),
  };
}

async function usageWorld(db: Db) {
  const org = await makeOrg(db);
  const weather = await makeApi(db, org.id);
  const geo = await makeApi(db, org.id);
  const policy = await makePolicy(db, org.id, {}, [{ apiId: weather.id }, { apiId: geo.id }]);
  const alice = await makeDeveloper(db, org.id);
  const bob = await makeDeveloper(db, org.id);
  const { key: k1 } = await makeKey(db, org.id, alice.id, [policy.id]);
  const { key: k2 } = await makeKey(db, org.id, alice.id, [policy.id]);
  const { key: k3 } = await makeKey(db, org.id, bob.id, [policy.id]);
  return { org, weather, geo, alice, bob, k1, k2, k3 };
}

const row = (key: s.Key, apiId: string, hour: string, requests: number, errors = 0): UsageRow => ({
  orgId: key.orgId,
  keyId: key.id,
  apiId,
  hour: new Date(hour),
  requests,
  successes: requests - errors,
  errors,
});

describeEachDb("R-SCALE: daily usage rollups", (getDb) => {
  it("R-GW-USAGE, R-SCALE: after batches across a UTC midnight, usage_daily and usage_org_daily equal the sums of usage_hourly; re-posting a batch changes none of them", async () => {
    const db = getDb();
    const w = await usageWorld(db);
    const other = await usageWorld(db);
    const store = dbGatewayStore(db);
    const batch1 = [
      row(w.k1, w.weather.id, "2026-03-09T22:00:00Z", 10, 1),
      row(w.k1, w.weather.id, "2026-03-09T23:00:00Z", 20, 2),
      row(w.k1, w.geo.id, "2026-03-09T23:00:00Z", 5),
      row(w.k2, w.weather.id, "2026-03-10T00:00:00Z", 7, 3),
      row(w.k3, w.weather.id, "2026-03-10T00:00:00Z", 1000, 500),
      row(other.k1, other.weather.id, "2026-03-10T00:00:00Z", 99),
    ];
    const id1 = `b-${randomHex()}`;
    expect(await store.applyUsageBatch(w.org.id, id1, batch1.length, batch1, [])).toBe(true);
    // The same hours again from a second batch: added to the same rows of all three tables.
    const batch2 = [
      row(w.k1, w.weather.id, "2026-03-09T23:00:00Z", 4),
      row(w.k2, w.weather.id, "2026-03-10T00:00:00Z", 6, 1),
      row(w.k2, w.geo.id, "2026-03-10T05:00:00Z", 3),
    ];
    const id2 = `b-${randomHex()}`;
    expect(await store.applyUsageBatch(w.org.id, id2, batch2.length, batch2, [])).toBe(true);
    // The flusher's path (several instances, no batch id) writes the same way.
    await store.writeFlush({
      usage: [row(w.k3, w.geo.id, "2026-03-10T06:00:00Z", 8)],
      lastUsed: [],
      quota: [],
      tokens: [],
    });
    const before = await hourlyVsRollups(db, w.org.id);
    expect(before.daily).toEqual(before.expectedDaily);
    expect(before.org).toEqual(before.expectedOrg);
    // Spot values: k1 on Weather, 9 March = 10 + 20 + 4.
    expect(before.daily).toContainEqual({
      keyId: w.k1.id,
      apiId: w.weather.id,
      day: "2026-03-09",
      requests: 34,
      successes: 31,
      errors: 3,
    });
    expect(before.org).toContainEqual({
      apiId: w.weather.id,
      day: "2026-03-10",
      requests: 1013,
      successes: 509,
      errors: 504,
    });

    // Idempotent re-ingest: a batch id already applied is refused and counts nowhere.
    expect(await store.applyUsageBatch(w.org.id, id1, batch1.length, batch1, [])).toBe(false);
    expect(await hourlyVsRollups(db, w.org.id)).toEqual(before);

    // Org-wide reads come from the rollups, one organisation only.
    const days = { from: new Date("2026-03-09T00:00:00Z"), to: new Date("2026-03-11T00:00:00Z") };
    expect(await orgUsageSeries(db, w.org.id, days)).toEqual([
      { t: Date.parse("2026-03-09T00:00:00Z") / 1000, requests: 39, successes: 36, errors: 3 },
      { t: Date.parse("2026-03-10T00:00:00Z") / 1000, requests: 1024, successes: 520, errors: 504 },
    ]);
    expect(await orgUsageTotals(db, w.org.id, days)).toEqual({
      requests: 1063,
      successes: 556,
      errors: 507,
    });
    expect((await orgUsageByApi(db, w.org.id, days)).map((r) => [r.apiId, r.requests])).toEqual([
      [w.weather.id, 1047],
      [w.geo.id, 16],
    ]);
    expect(await topDevelopers(db, w.org.id, days)).toEqual([
      { developerId: w.bob.id, requests: 1008, errors: 500 },
      { developerId: w.alice.id, requests: 55, errors: 7 },
    ]);
    expect(await orgUsageTotals(db, other.org.id, days)).toEqual({
      requests: 99,
      successes: 99,
      errors: 0,
    });
    // A range holding none of the days: zeros, and no rows of the other days.
    const later = { from: new Date("2026-03-11T00:00:00Z"), to: new Date("2026-03-12T00:00:00Z") };
    expect(await orgUsageSeries(db, w.org.id, later)).toEqual([]);
  });

  it("R-SCALE: the overview's 7-day totals come from the rollups of the last 7 UTC days, this organisation only", async () => {
    const db = getDb();
    const w = await usageWorld(db);
    const other = await usageWorld(db);
    const now = new Date("2026-03-10T12:30:00Z");
    await dbGatewayStore(db).writeFlush({
      usage: [
        row(w.k1, w.weather.id, "2026-03-10T11:00:00Z", 3, 1),
        row(w.k3, w.geo.id, "2026-03-04T00:00:00Z", 5), // first of the 7 days
        row(w.k3, w.weather.id, "2026-03-03T23:00:00Z", 100), // the day before: outside
        row(other.k1, other.weather.id, "2026-03-10T11:00:00Z", 1000),
      ],
      lastUsed: [],
      quota: [],
      tokens: [],
    });
    const o = await getOrgOverview(db, w.org.id, { days: 7, now });
    expect([o.requests7d, o.errors7d, o.developers, o.activeKeys]).toEqual([8, 1, 2, 3]);
  });

  it("R-SCALE: rebuildUsageDaily derives the rollups of hourly rows written directly (the demo seed), for the days of the range only", async () => {
    const db = getDb();
    const w = await usageWorld(db);
    await addUsage(db, [
      { key: w.k1, apiId: w.weather.id, hour: "2026-03-09T12:00:00Z", requests: 10, errors: 2 },
      { key: w.k1, apiId: w.weather.id, hour: "2026-03-09T13:00:00Z", requests: 5 },
      { key: w.k3, apiId: w.geo.id, hour: "2026-03-10T00:00:00Z", requests: 7 },
    ]);
    await rebuildUsageDaily(db, w.org.id, {
      from: new Date("2026-03-09T00:00:00Z"),
      to: new Date("2026-03-11T00:00:00Z"),
    });
    const r = await hourlyVsRollups(db, w.org.id);
    expect(r.daily).toEqual(r.expectedDaily);
    expect(r.org).toEqual(r.expectedOrg);
    // Running it again rebuilds, never adds.
    await rebuildUsageDaily(db, w.org.id, {
      from: new Date("2026-03-09T00:00:00Z"),
      to: new Date("2026-03-11T00:00:00Z"),
    });
    expect(await hourlyVsRollups(db, w.org.id)).toEqual(r);
  });
});

describeEachDb("R-SCALE: developers and keys lists count and search per page", (getDb) => {
  async function listWorld(db: Db) {
    const org = await makeOrg(db);
    const other = await makeOrg(db);
    const api = await makeApi(db, org.id);
    const policy = await makePolicy(db, org.id, {}, [{ apiId: api.id }]);
    const tag = randomHex(3);
    const devs: s.Developer[] = [];
    // Oldest first, so the list (newest first) shows them in reverse.
    for (let i = 0; i < 5; i++) {
      devs.push(
        await makeDeveloper(db, org.id, {
          email: `Person${i}.${tag}@Example.com`,
          createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
        }),
      );
    }
    const keysOf: s.Key[][] = [];
    for (const [i, d] of devs.entries()) {
      const mine: s.Key[] = [];
      for (let k = 0; k < i; k++)
        mine.push(
          (
            await makeKey(db, org.id, d.id, [policy.id], {
              alias: k === 0 ? `Mobile App ${i}` : null,
              status: k === 1 ? "revoked" : "active",
              createdAt: new Date(Date.UTC(2026, 1, 1 + i * 5 + k)),
            })
          ).key,
        );
      keysOf.push(mine);
    }
    // Another organisation: the same emails, with keys.
    const otherApi = await makeApi(db, other.id);
    const otherPolicy = await makePolicy(db, other.id, {}, [{ apiId: otherApi.id }]);
    for (let i = 0; i < 5; i++) {
      const d = await makeDeveloper(db, other.id, { email: `person${i}.${tag}@example.com` });
      await makeKey(db, other.id, d.id, [otherPolicy.id], { alias: `Mobile App ${i}` });
      await makeKey(db, other.id, d.id, [otherPolicy.id]);
    }
    return { org, other, devs, keysOf, tag };
  }

  it("R-SCALE, R-DEV-LIST: each page's key counts are right (revoked left out) and only this organisation's; search still finds partial matches", async () => {
    const db = getDb();
    const w = await listWorld(db);
    const page1 = await listDevelopers(db, w.org.id, { page: 1, pageSize: 2 });
    const page2 = await listDevelopers(db, w.org.id, { page: 2, pageSize: 2 });
    const page3 = await listDevelopers(db, w.org.id, { page: 3, pageSize: 2 });
    expect(page1.total).toBe(5);
    // Developer i has i keys, the second of them revoked.
    expect([...page1.rows, ...page2.rows, ...page3.rows].map((r) => [r.email, r.keyCount])).toEqual(
      [
        [`person4.${w.tag}@example.com`, 3],
        [`person3.${w.tag}@example.com`, 2],
        [`person2.${w.tag}@example.com`, 1],
        [`person1.${w.tag}@example.com`, 1],
        [`person0.${w.tag}@example.com`, 0],
      ],
    );
    const found = await listDevelopers(db, w.org.id, { search: `SON3.${w.tag.toUpperCase()}` });
    expect(found.rows.map((r) => [r.id, r.keyCount])).toEqual([[w.devs[3]?.id, 2]]);
    expect(found.total).toBe(1);
    expect((await listDevelopers(db, w.org.id, { search: w.tag })).total).toBe(5);
  });

  it("R-SCALE: the keys list pages newest first and finds keys by partial email, partial alias (any case) and key start, in this organisation only", async () => {
    const db = getDb();
    const w = await listWorld(db);
    const all = w.keysOf.flat().sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const p1 = await listOrgKeys(db, w.org.id, { page: 1, pageSize: 4 });
    const p2 = await listOrgKeys(db, w.org.id, { page: 2, pageSize: 4 });
    expect(p1.total).toBe(10);
    expect([...p1.rows, ...p2.rows].map((k) => k.id)).toEqual(all.slice(0, 8).map((k) => k.id));
    const emailOf = new Map(w.devs.map((d) => [d.id, d.email]));
    for (const k of p1.rows) expect(k.developerEmail).toBe(emailOf.get(k.developerId));
    expect(p1.rows[0]?.policies.length).toBe(1);

    const ids = async (search: string, status?: "active" | "revoked") => {
      const r = await listOrgKeys(db, w.org.id, { search, status, pageSize: 50 });
      expect(r.total).toBe(r.rows.length);
      return r.rows.map((k) => k.id).sort();
    };
    const byDev = (i: number) => (w.keysOf[i] ?? []).map((k) => k.id).sort();
    expect(await ids(`son4.${w.tag}`)).toEqual(byDev(4));
    expect(await ids(`SON4.${w.tag.toUpperCase()}`)).toEqual(byDev(4));
    expect(await ids("obile app 3")).toEqual([w.keysOf[3]?.[0]?.id]);
    expect(await ids("MOBILE APP")).toHaveLength(4);
    const k = w.keysOf[4]?.[2];
    expect(await ids(k?.start ?? "")).toContain(k?.id);
    expect(await ids(`son4.${w.tag}`, "revoked")).toEqual([w.keysOf[4]?.[1]?.id]);
    // LIKE wildcards in the search are literal characters.
    expect(await ids("%")).toEqual([]);
    expect(await ids(`person4.${w.tag}`)).toEqual(byDev(4));
    // The other organisation's keys (same emails and aliases) never show.
    const theirs = await listOrgKeys(db, w.other.id, { search: "mobile app", pageSize: 50 });
    expect(theirs.total).toBe(5);
    const mine = new Set(w.keysOf.flat().map((x) => x.id));
    expect(theirs.rows.some((x) => mine.has(x.id))).toBe(false);
    const [{ n: otherKeys } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(s.keys)
      .where(and(eq(s.keys.orgId, w.other.id)));
    expect(otherKeys).toBe(10);
  });
});
