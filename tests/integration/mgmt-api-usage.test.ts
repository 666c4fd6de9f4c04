import fc from "fast-check";
import { beforeEach, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

import type { Db } from "@/db";
import { addUsageHourly } from "@/db/queries/usage-write";
import { describeEachDb, makeDeveloper } from "../helpers/db";
import { makeApi, makeKey, makePolicy } from "../helpers/gateway-fixtures";
import { hostileString, RUNS } from "../helpers/hostile-input";
import { dispatch, MGMT_BASE, mgmtWorld, useAsAppDb } from "../helpers/mgmt-client";

const enc = (s: string) => encodeURIComponent(s.toWellFormed());

/** R-USAGE-EXPORT (API half): usage by day / developer / key / API, as JSON pages and as CSV. */
describeEachDb("R-USAGE-EXPORT: /api/v1/usage", (getDb, target) => {
  beforeEach(() => useAsAppDb(getDb(), target));

  /**
   * Two developers, three keys, two APIs, calls on 2026-11-01, 11-02 and 11-03 (UTC), written by
   * the gateway's own write (hourly and daily rollups in one statement).
   */
  async function world(db: Db) {
    const w = await mgmtWorld(db);
    const weather = await makeApi(db, w.org.id, "weather", "/weather/");
    const maps = await makeApi(db, w.org.id, "maps", "/maps/");
    const policy = await makePolicy(db, w.org.id, {
      access: [{ apiId: weather.id }, { apiId: maps.id }],
    });
    const ada = await makeDeveloper(db, w.org.id, { email: "ada@example.org" });
    // A spreadsheet would run this address as a formula if it were written as it is.
    const bob = await makeDeveloper(db, w.org.id, { email: "=hyperlink(1)@example.org" });
    const a1 = (await makeKey(db, w.org.id, ada.id, [policy.id])).row;
    const a2 = (await makeKey(db, w.org.id, ada.id, [policy.id])).row;
    const b1 = (await makeKey(db, w.org.id, bob.id, [policy.id])).row;
    const row = (key: typeof a1, apiId: string, hour: string, requests: number, errors = 0) => ({
      orgId: w.org.id,
      keyId: key.id,
      apiId,
      hour: new Date(hour),
      requests,
      successes: requests - errors,
      errors,
      // The errors by code, as the gateway counts them: a few quota, the rest rate limits.
      refusals: errors
        ? new Map([
            ["rate_limited", errors - Math.floor(errors / 2)],
            ["quota_exceeded", Math.floor(errors / 2)],
          ])
        : null,
    });
    await addUsageHourly(db, [
      row(a1, weather.id, "2026-11-01T10:00:00Z", 10, 1),
      row(a1, weather.id, "2026-11-01T23:00:00Z", 5),
      row(a1, maps.id, "2026-11-02T00:00:00Z", 7, 2),
      row(a2, weather.id, "2026-11-02T12:00:00Z", 3),
      row(b1, weather.id, "2026-11-03T08:00:00Z", 100, 10),
      // Outside the ranges asked below.
      row(b1, maps.id, "2026-10-31T23:00:00Z", 1000),
    ]);
    return { ...w, weather, maps, ada, bob, a1, a2, b1 };
  }

  it("R-USAGE-EXPORT: by day over a range, with totals; by developer; by key and API for one developer", async () => {
    const db = getDb();
    const w = await world(db);
    const range = { from: "2026-11-01", to: "2026-11-03" };
    const byDay = await w.client.GET("/api/v1/usage", { params: { query: range } });
    expect(byDay.error, JSON.stringify(byDay.error)).toBeUndefined();
    expect(byDay.data).toEqual({
      ...range,
      group_by: ["day"],
      totals: { requests: 125, successes: 112, errors: 13 },
      data: [
        { day: "2026-11-01", requests: 15, successes: 14, errors: 1 },
        { day: "2026-11-02", requests: 10, successes: 8, errors: 2 },
        { day: "2026-11-03", requests: 100, successes: 90, errors: 10 },
      ],
      next_cursor: null,
    });

    const byDev = await w.client.GET("/api/v1/usage", {
      params: { query: { ...range, group_by: "developer" } },
    });
    expect(byDev.data?.data.map((r) => [r.developer_email, r.requests]).sort()).toEqual(
      [
        ["=hyperlink(1)@example.org", 100],
        ["ada@example.org", 25],
      ].sort(),
    );

    const adaKeys = await w.client.GET("/api/v1/usage", {
      params: { query: { ...range, group_by: "api,key", developer_id: w.ada.id } },
    });
    expect(adaKeys.data?.group_by).toEqual(["key", "api"]);
    const rows = adaKeys.data?.data.map((r) => [r.key_start, r.api_slug, r.requests]) ?? [];
    expect(rows.sort()).toEqual(
      [
        [w.a1.start, "weather", 15],
        [w.a1.start, "maps", 7],
        [w.a2.start, "weather", 3],
      ].sort(),
    );
    expect(adaKeys.data?.totals.requests).toBe(25);

    // One key's days, one API's total.
    const oneKey = await w.client.GET("/api/v1/usage", {
      params: { query: { ...range, key_id: w.a1.id } },
    });
    expect(oneKey.data?.data.map((r) => [r.day, r.requests])).toEqual([
      ["2026-11-01", 15],
      ["2026-11-02", 7],
    ]);
    const maps = await w.client.GET("/api/v1/usage", {
      params: { query: { ...range, group_by: "api", api_id: w.maps.id } },
    });
    expect(maps.data?.data).toEqual([
      { api_id: w.maps.id, api_slug: "maps", requests: 7, successes: 5, errors: 2 },
    ]);
  });

  it("R-USAGE-EXPORT: pages of the finest grouping cover every row once, in order, with the same totals", async () => {
    const db = getDb();
    const w = await world(db);
    const query = { from: "2026-10-01", to: "2026-11-30", group_by: "day,developer,key,api" };
    const rows: unknown[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await w.client.GET("/api/v1/usage", {
        params: { query: { ...query, limit: 2, cursor } },
      });
      expect(page.response.status).toBe(200);
      expect(page.data?.totals.requests).toBe(1125);
      rows.push(...(page.data?.data ?? []));
      cursor = page.data?.next_cursor ?? undefined;
      if (!cursor) break;
    }
    const all = await w.client.GET("/api/v1/usage", { params: { query: { ...query } } });
    expect(rows).toEqual(all.data?.data);
    expect(rows).toHaveLength(5);
  });

  it("R-USAGE-EXPORT: the CSV is text/csv with a header row, one row per day, developer, key and API, formula-looking cells quoted", async () => {
    const db = getDb();
    const w = await world(db);
    const res = await dispatch(`${MGMT_BASE}/api/v1/usage/csv?from=2026-11-01&to=2026-11-03`, {
      headers: { authorization: `Bearer ${w.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="usage-2026-11-01-to-2026-11-03.csv"',
    );
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines[0]).toBe(
      "day,developer_id,developer_email,key_id,key_start,api_id,api_slug,requests,successes,errors",
    );
    expect(lines).toHaveLength(1 + 4);
    expect(lines).toContain(
      `2026-11-03,${w.bob.id},'=hyperlink(1)@example.org,${w.b1.id},${w.b1.start},${w.weather.id},weather,100,90,10`,
    );
    const sum = lines.slice(1).reduce((n, l) => n + Number(l.split(",")[7]), 0);
    expect(sum).toBe(125);

    const byDay = await dispatch(
      `${MGMT_BASE}/api/v1/usage/csv?from=2026-11-01&to=2026-11-03&group_by=day`,
      { headers: { authorization: `Bearer ${w.token}` } },
    );
    expect(await byDay.text()).toBe(
      "day,requests,successes,errors\n2026-11-01,15,14,1\n2026-11-02,10,8,2\n2026-11-03,100,90,10\n",
    );
  });

  it("R-USAGE-EXPORT: a CSV longer than one read batch streams every row once", async () => {
    const db = getDb();
    const w = await world(db);
    const key = w.a2;
    const start = Date.parse("2020-01-01T00:00:00Z");
    const days = 5200;
    const rows = Array.from({ length: days }, (_, i) => ({
      orgId: w.org.id,
      keyId: key.id,
      apiId: w.maps.id,
      hour: new Date(start + i * 86_400_000),
      requests: 1,
      successes: 1,
      errors: 0,
    }));
    await addUsageHourly(db, rows);
    const res = await dispatch(
      `${MGMT_BASE}/api/v1/usage/csv?from=2020-01-01&to=2034-12-31&group_by=day&key_id=${key.id}&api_id=${w.maps.id}`,
      { headers: { authorization: `Bearer ${w.token}` } },
    );
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(1 + days);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines[1]).toBe("2020-01-01,1,1,0");
  });

  it("R-USAGE-PAGE: refusals by day and code add up to the usage's errors, for the organisation and for one API; bad ranges are 400", async () => {
    const db = getDb();
    const w = await world(db);
    const range = { from: "2026-11-01", to: "2026-11-03" };
    const all = await w.client.GET("/api/v1/usage/refusals", { params: { query: range } });
    expect(all.error, JSON.stringify(all.error)).toBeUndefined();
    expect(all.data).toEqual({
      ...range,
      api_id: null,
      codes: [
        { code: "rate_limited", status: 429, refusals: 1 + 1 + 5 },
        { code: "quota_exceeded", status: 429, refusals: 1 + 5 },
      ],
      data: [
        { day: "2026-11-01", code: "rate_limited", refusals: 1 },
        { day: "2026-11-02", code: "quota_exceeded", refusals: 1 },
        { day: "2026-11-02", code: "rate_limited", refusals: 1 },
        { day: "2026-11-03", code: "quota_exceeded", refusals: 5 },
        { day: "2026-11-03", code: "rate_limited", refusals: 5 },
      ],
    });
    const usage = await w.client.GET("/api/v1/usage", { params: { query: range } });
    expect(all.data?.codes.reduce((n, c) => n + c.refusals, 0)).toBe(usage.data?.totals.errors);
    const maps = await w.client.GET("/api/v1/usage/refusals", {
      params: { query: { ...range, api_id: w.maps.id } },
    });
    expect(maps.data?.data).toEqual([
      { day: "2026-11-02", code: "quota_exceeded", refusals: 1 },
      { day: "2026-11-02", code: "rate_limited", refusals: 1 },
    ]);
    for (const q of [
      "from=2026-11-05&to=2026-11-01",
      "from=2024-01-01&to=2026-01-01",
      "api_id=key_x",
      "x=1",
    ]) {
      const res = await dispatch(`${MGMT_BASE}/api/v1/usage/refusals?${q}`, {
        headers: { authorization: `Bearer ${w.token}` },
      });
      expect(res.status, q).toBe(400);
      expect(res.headers.get("content-type"), q).toContain("application/problem+json");
    }
  });

  it("R-USAGE-EXPORT: another organisation sees none of it; bad ranges and hostile queries are 400 (never 500); no token is 401", async () => {
    const db = getDb();
    const w = await world(db);
    const other = await mgmtWorld(db);
    const theirs = await other.client.GET("/api/v1/usage", {
      params: { query: { from: "2026-10-01", to: "2026-11-30", developer_id: w.ada.id } },
    });
    expect(theirs.data?.data).toEqual([]);
    expect(theirs.data?.totals.requests).toBe(0);
    const theirCsv = await dispatch(`${MGMT_BASE}/api/v1/usage/csv?from=2026-10-01&to=2026-11-30`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect((await theirCsv.text()).trimEnd().split("\n")).toHaveLength(1);
    expect((await dispatch(`${MGMT_BASE}/api/v1/usage/csv`, { method: "GET" })).status).toBe(401);

    const bad = await w.client.GET("/api/v1/usage", {
      params: { query: { from: "2026-11-05", to: "2026-11-01" } },
    });
    expect([bad.response.status, bad.error?.errors?.[0]?.parameter]).toEqual([400, "from"]);
    // Cursors this API never returned, even well-formed ones: a day that is no date, an id where
    // a day belongs, a cursor of another grouping.
    const forged = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");
    for (const q of [
      `cursor=${forged(["2026-13-45"])}`,
      `cursor=${forged([w.ada.id])}`,
      `group_by=developer&cursor=${forged(["2026-11-01"])}`,
      `cursor=${forged(["2026-11-01", w.ada.id])}`,
      "from=2026-02-30",
      "from=0000-01-01",
      "to=0001-01-05",
      "group_by=day,month",
      "limit=0",
      "cursor=abc",
      "key_id=dev_abc",
      "unknown=1",
    ]) {
      const res = await dispatch(`${MGMT_BASE}/api/v1/usage?${q}`, {
        headers: { authorization: `Bearer ${w.token}` },
      });
      expect(res.status, q).toBe(400);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("from", "to", "group_by", "cursor", "developer_id", "limit"),
        hostileString,
        async (name, value) => {
          for (const path of ["/api/v1/usage", "/api/v1/usage/csv"]) {
            const res = await dispatch(`${MGMT_BASE}${path}?${name}=${enc(value)}`, {
              headers: { authorization: `Bearer ${w.token}` },
            });
            expect(res.status, `${path} ${name}`).toBeLessThan(500);
            await res.arrayBuffer();
          }
        },
      ),
      RUNS,
    );
  });
});
