import { expect, it } from "vitest";
import type { Db } from "@/db";
import {
  apisOfPolicies,
  getPortalCatalogEntryBySlug,
  listPublicCatalogEntries,
} from "@/db/queries/catalog-public";
import { getKeyView, listDeveloperKeys } from "@/db/queries/keys";
import { developerUsageSeries } from "@/db/queries/usage-read";
import * as s from "@/db/schema";
import { loadKeyCards, type QuotaReader } from "@/lib/portal/key-cards";
import { fillSeries, usageRange } from "@/lib/usage/series";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { addUsage, makeApi, makeKey, makePolicy } from "../helpers/dev-fixtures";
import { makeEntry } from "../helpers/portal-fixtures";

const H = 3600_000;

/** Weather + Geocoding under "Pro" (100/60 s, 100,000 per 30 days), Payments under "Partner" (50/1 s, 500 per hour). */
async function twoPolicyKey(db: Db) {
  const org = await makeOrg(db);
  const [weather, geo, payments] = [
    await makeApi(db, org.id, { name: "Weather" }),
    await makeApi(db, org.id, { name: "Geocoding" }),
    await makeApi(db, org.id, { name: "Payments" }),
  ];
  const pro = await makePolicy(
    db,
    org.id,
    { name: "Pro", rate: 100, per: 60, quotaMax: 100_000, quotaRenewalSeconds: 30 * 86400 },
    [{ apiId: weather.id }, { apiId: geo.id }],
  );
  const partner = await makePolicy(
    db,
    org.id,
    { name: "Partner", rate: 50, per: 1, quotaMax: 500, quotaRenewalSeconds: 3600 },
    [{ apiId: payments.id, allowedMethods: ["post"] }],
  );
  await makeEntry(db, org.id, { name: "Weather & Geocoding — Pro", policy: pro });
  const dev = await makeDeveloper(db, org.id);
  const { key } = await makeKey(db, org.id, dev.id, [pro.id, partner.id]);
  return { org, dev, key, pro, partner, weather, geo, payments };
}

describeEachDb("Developer portal: dashboard key cards, usage and catalog", (getDb) => {
  it("R-PORTAL-DASHBOARD: a key with two policies shows its policies, the limits per API and one quota per owning policy", async () => {
    const db = getDb();
    const { org, dev, key, pro, partner } = await twoPolicyKey(db);
    const now = new Date();
    const [card, ...rest] = await loadKeyCards(db, org.id, dev.id, undefined, now);
    expect(rest).toEqual([]);
    expect(card).toMatchObject({ id: key.id, start: key.start, status: "active" });
    expect(card?.policies.map((p) => [p.policyName, p.catalogEntries])).toEqual([
      ["Partner", []],
      ["Pro", ["Weather & Geocoding — Pro"]],
    ]);
    expect(card?.limits).toEqual([
      {
        api: "Geocoding",
        rate: "100 requests / 60 s",
        quota: "100,000 per 30 days",
        access: "All methods · all paths",
      },
      {
        api: "Payments",
        rate: "50 requests / 1 s",
        quota: "500 per hour",
        access: "POST · all paths",
      },
      {
        api: "Weather",
        rate: "100 requests / 60 s",
        quota: "100,000 per 30 days",
        access: "All methods · all paths",
      },
    ]);
    const quotas = [...(card?.quotas ?? [])].sort((a, b) =>
      a.policyName.localeCompare(b.policyName),
    );
    expect(quotas.map((q) => [q.scope, q.policyName, q.apis, q.max, q.used, q.remaining])).toEqual([
      [partner.id, "Partner", ["Payments"], 500, 0, 500],
      [pro.id, "Pro", ["Geocoding", "Weather"], 100_000, 0, 100_000],
    ]);
    // Nothing counted yet: a fresh period from now.
    expect(quotas[0]?.renewsAt.getTime()).toBe(now.getTime() + 3600_000);
  });

  it("R-PORTAL-DASHBOARD: the quota comes from the persisted counter; a live reader overrides it", async () => {
    const db = getDb();
    const { org, dev, key, pro, partner } = await twoPolicyKey(db);
    const now = new Date();
    const proRenews = new Date(now.getTime() + 10 * 86400_000);
    await db.insert(s.quotaUsage).values([
      { orgId: org.id, keyId: key.id, scope: pro.id, used: 2_000, renewsAt: proRenews },
      {
        orgId: org.id,
        keyId: key.id,
        scope: partner.id,
        used: 100,
        renewsAt: new Date(now.getTime() + H / 2),
      },
    ]);

    const persisted = await loadKeyCards(db, org.id, dev.id, undefined, now);
    const byScope = (cards: typeof persisted) =>
      new Map((cards[0]?.quotas ?? []).map((q) => [q.scope, q]));
    expect(byScope(persisted).get(pro.id)).toMatchObject({ used: 2_000, remaining: 98_000 });
    expect(byScope(persisted).get(pro.id)?.renewsAt.toISOString()).toBe(proRenews.toISOString());
    // 100 in the first half hour → the other 400 would take 2 h: lasts until the reset.
    expect(byScope(persisted).get(partner.id)).toMatchObject({
      used: 100,
      remaining: 400,
      exhaustsAt: null,
    });

    const calls: string[] = [];
    const live: QuotaReader = async (orgId, keyId, scope) => {
      calls.push(`${orgId}/${keyId}/${scope}`);
      if (scope === partner.id) return { used: 450, renewsAt: new Date(now.getTime() + H / 2) };
      return undefined; // not held live: the persisted row stays
    };
    const withLive = await loadKeyCards(db, org.id, dev.id, live, now);
    expect(calls.sort()).toEqual(
      [`${org.id}/${key.id}/${partner.id}`, `${org.id}/${key.id}/${pro.id}`].sort(),
    );
    expect(byScope(withLive).get(partner.id)).toMatchObject({ used: 450, remaining: 50 });
    // 450 in half an hour: the 50 left go in ~3.3 min, long before the reset → burn-down projection.
    const exhausts = byScope(withLive).get(partner.id)?.exhaustsAt?.getTime() ?? 0;
    expect(exhausts).toBeGreaterThan(now.getTime());
    expect(exhausts).toBeLessThan(now.getTime() + 5 * 60_000);
    expect(byScope(withLive).get(pro.id)).toMatchObject({ used: 2_000 });

    // A live reader that knows there is no counter (null) means a fresh period, whatever was persisted.
    const fresh = await loadKeyCards(db, org.id, dev.id, async () => null, now);
    expect(byScope(fresh).get(pro.id)).toMatchObject({ used: 0, remaining: 100_000 });
  });

  it("R-PORTAL-DASHBOARD: a quota whose persisted period has ended shows a fresh period", async () => {
    const db = getDb();
    const { org, dev, key, partner } = await twoPolicyKey(db);
    const now = new Date();
    await db.insert(s.quotaUsage).values({
      orgId: org.id,
      keyId: key.id,
      scope: partner.id,
      used: 499,
      renewsAt: new Date(now.getTime() - 60_000),
    });
    const q = (await loadKeyCards(db, org.id, dev.id, undefined, now))[0]?.quotas.find(
      (x) => x.scope === partner.id,
    );
    expect(q).toMatchObject({ used: 0, remaining: 500 });
  });

  it("R-PORTAL-DASHBOARD: an unlimited policy shows no quota; the more generous of two policies on one API wins", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const api = await makeApi(db, org.id, { name: "Weather" });
    const free = await makePolicy(
      db,
      org.id,
      { name: "Free", rate: 10, per: 60, quotaMax: 1000, quotaRenewalSeconds: 86400 },
      [{ apiId: api.id }],
    );
    const internal = await makePolicy(
      db,
      org.id,
      { name: "Internal", rate: 1000, per: 60, quotaMax: -1 },
      [{ apiId: api.id }],
    );
    const dev = await makeDeveloper(db, org.id);
    await makeKey(db, org.id, dev.id, [free.id, internal.id]);
    const [card] = await loadKeyCards(db, org.id, dev.id);
    expect(card?.limits).toEqual([
      {
        api: "Weather",
        rate: "1,000 requests / 60 s",
        quota: "Unlimited",
        access: "All methods · all paths",
      },
    ]);
    expect(card?.quotas).toEqual([]);
  });

  it("R-PORTAL-DASHBOARD: the usage graph sums all of the developer's keys and nobody else's", async () => {
    const db = getDb();
    const { org, dev, key, weather, payments, pro } = await twoPolicyKey(db);
    const second = (await makeKey(db, org.id, dev.id, [pro.id])).key;
    const colleague = await makeDeveloper(db, org.id);
    const theirs = (await makeKey(db, org.id, colleague.id, [pro.id])).key;
    const hour = new Date(Math.floor(Date.now() / H) * H - 2 * H);
    await addUsage(db, [
      { key, apiId: weather.id, hour, requests: 10, errors: 1 },
      { key, apiId: payments.id, hour, requests: 5 },
      { key: second, apiId: weather.id, hour, requests: 7, errors: 2 },
      { key: theirs, apiId: weather.id, hour, requests: 1000 },
    ]);
    const range = usageRange(7, "day");
    const summary = fillSeries(await developerUsageSeries(db, org.id, dev.id, range), range);
    expect(summary.points).toHaveLength(7);
    expect(summary.totals).toMatchObject({ requests: 22, successes: 19, errors: 3 });
    // The same developer id under another organisation sees nothing.
    const other = await makeOrg(db);
    expect(await developerUsageSeries(db, other.id, dev.id, range)).toEqual([]);
  });

  it("R-ORG-ISOLATION: a key of organisation A is not found through organisation B, and a developer lists only their own keys", async () => {
    const db = getDb();
    const a = await twoPolicyKey(db);
    const b = await twoPolicyKey(db);
    expect(await getKeyView(db, b.org.id, a.key.id)).toBeNull();
    expect((await getKeyView(db, a.org.id, a.key.id))?.developerId).toBe(a.dev.id);
    expect(await listDeveloperKeys(db, b.org.id, a.dev.id)).toEqual([]);
    expect(await loadKeyCards(db, b.org.id, a.dev.id)).toEqual([]);
    expect((await listDeveloperKeys(db, a.org.id, a.dev.id)).map((k) => k.id)).toEqual([a.key.id]);
    // Policies of B never appear on A's key, even by id.
    const view = await getKeyView(db, a.org.id, a.key.id);
    expect(
      view?.policies.every((p) => p.policyId !== b.pro.id && p.policyId !== b.partner.id),
    ).toBe(true);
  });

  it("R-CATALOG: the catalog lists the organisation's public entries by name with their APIs; unlisted and foreign ones are absent from the list, an unlisted one is reachable by its link", async () => {
    const db = getDb();
    const [org, other] = [await makeOrg(db), await makeOrg(db)];
    const weather = await makeApi(db, org.id, {
      name: "Weather",
      docsMarkdown: "# Weather\n\nGET /weather/current",
    });
    const geo = await makeApi(db, org.id, { name: "Geocoding" });
    const pro = await makePolicy(db, org.id, { name: "Pro" }, [
      { apiId: weather.id },
      { apiId: geo.id },
    ]);
    const { entry: proEntry } = await makeEntry(db, org.id, {
      name: "Weather & Geocoding — Pro",
      slug: "pro",
      policy: pro,
    });
    await makeEntry(db, org.id, { name: "Alpha — Free", slug: "alpha" });
    const { entry: beta } = await makeEntry(db, org.id, {
      name: "Secret beta",
      slug: "beta",
      visibility: "hidden",
    });
    await makeEntry(db, other.id, { name: "Other org's entry", slug: "pro" });

    const listed = await listPublicCatalogEntries(db, org.id);
    expect(listed.map((e) => e.name)).toEqual(["Alpha — Free", "Weather & Geocoding — Pro"]);
    expect((await getPortalCatalogEntryBySlug(db, org.id, "pro"))?.id).toBe(proEntry.id);
    expect((await getPortalCatalogEntryBySlug(db, org.id, "beta"))?.id).toBe(beta.id);
    expect(await getPortalCatalogEntryBySlug(db, other.id, "beta")).toBeNull();
    expect((await getPortalCatalogEntryBySlug(db, other.id, "pro"))?.name).toBe(
      "Other org's entry",
    );
    const apis = (await apisOfPolicies(db, org.id, [pro.id])).get(pro.id) ?? [];
    expect(apis.map((a) => a.name)).toEqual(["Geocoding", "Weather"]);
    expect(apis.find((a) => a.name === "Weather")?.docsMarkdown).toContain("GET /weather/current");
    // Another organisation cannot read this policy's APIs.
    expect((await apisOfPolicies(db, other.id, [pro.id])).get(pro.id)).toBeUndefined();
  });
});
