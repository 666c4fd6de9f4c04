import { and, count, eq, max, min, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import * as s from "@/db/schema";
import { DEMO, seedDemo } from "@/lib/seed";
import { authenticateAdmin, authenticateDeveloper } from "@/lib/auth/credentials";
import { describeEachDb, openRollbackScope } from "../helpers/db";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Row counts of every table the seed writes, for one organisation. */
async function counts(db: Db, orgId: string) {
  const n = async (
    table:
      | typeof s.apis
      | typeof s.policies
      | typeof s.catalogEntries
      | typeof s.developers
      | typeof s.keys
      | typeof s.keyPolicies
      | typeof s.keyRequests
      | typeof s.usageHourly
      | typeof s.adminUsers,
  ) => {
    const [row] = await db.select({ n: count() }).from(table).where(eq(table.orgId, orgId));
    return row?.n ?? 0;
  };
  const [orgs] = await db
    .select({ n: count() })
    .from(s.organisations)
    .where(eq(s.organisations.slug, DEMO.orgSlug));
  return {
    organisations: orgs?.n ?? 0,
    admins: await n(s.adminUsers),
    apis: await n(s.apis),
    policies: await n(s.policies),
    catalogEntries: await n(s.catalogEntries),
    developers: await n(s.developers),
    keys: await n(s.keys),
    keyPolicies: await n(s.keyPolicies),
    keyRequests: await n(s.keyRequests),
    usage: await n(s.usageHourly),
  };
}

// The demo organisation has a fixed slug ("acme") and fixed admin emails. On PGlite each suite
// has its own database; on the Postgres database shared by every test file the seed runs inside
// a transaction that is rolled back afterwards, so no other file ever sees (or collides with) it.
describeEachDb("R-ORG-SETUP: demo seed (seedDemo)", (getDb, target) => {
  const now = new Date("2026-03-10T15:30:00Z");
  let db: Db;
  let release: () => Promise<void> = async () => {};
  let orgId = "";

  beforeAll(async () => {
    if (target === "postgres") {
      const scope = await openRollbackScope(getDb());
      db = scope.db;
      release = scope.release;
    } else {
      db = getDb();
    }
    const result = await seedDemo(db, now);
    expect(result.created).toBe(true);
    orgId = result.orgId;
  });
  afterAll(async () => {
    await release();
  });

  it("R-ORG-SETUP: creates the demo organisation with 4 APIs (one OAuth), 5 policies, 4 catalog entries and ~25 developers", async () => {
    const org = await getOrganisationBySlug(db, DEMO.orgSlug);
    expect(org?.id).toBe(orgId);
    const c = await counts(db, orgId);
    expect(c).toMatchObject({
      organisations: 1,
      admins: 2,
      apis: 4,
      policies: 5,
      catalogEntries: 4,
    });
    expect(c.developers).toBeGreaterThanOrEqual(20);
    expect(c.developers).toBeLessThanOrEqual(30);
    const inactive = await db
      .select({ id: s.developers.id })
      .from(s.developers)
      .where(and(eq(s.developers.orgId, orgId), eq(s.developers.status, "inactive")));
    expect(inactive.length).toBeGreaterThanOrEqual(1);
  });

  it("R-DEV-KEYS: has a key with several policies and a key whose only policy has no catalog entry", async () => {
    const links = await db
      .select({
        keyId: s.keyPolicies.keyId,
        policyId: s.keyPolicies.policyId,
        entryId: s.catalogEntries.id,
      })
      .from(s.keyPolicies)
      .leftJoin(s.catalogEntries, eq(s.catalogEntries.policyId, s.keyPolicies.policyId))
      .where(eq(s.keyPolicies.orgId, orgId));
    const byKey = new Map<string, Array<{ policyId: string; entryId: string | null }>>();
    for (const l of links) byKey.set(l.keyId, [...(byKey.get(l.keyId) ?? []), l]);

    const multi = [...byKey.values()].filter((ps) => new Set(ps.map((p) => p.policyId)).size >= 2);
    expect(multi.length).toBeGreaterThanOrEqual(1);
    const uncatalogued = [...byKey.values()].filter(
      (ps) => ps.length === 1 && ps[0]?.entryId === null,
    );
    expect(uncatalogued.length).toBeGreaterThanOrEqual(1);
    // Every key carries at least one policy.
    const [keyCount] = await db.select({ n: count() }).from(s.keys).where(eq(s.keys.orgId, orgId));
    expect(byKey.size).toBe(keyCount?.n);
  });

  it("R-KEYREQ-RECORD: has pending key requests with reason answers", async () => {
    const pending = await db
      .select()
      .from(s.keyRequests)
      .where(and(eq(s.keyRequests.orgId, orgId), eq(s.keyRequests.status, "pending")));
    expect(pending.length).toBeGreaterThanOrEqual(1);
    for (const r of pending) {
      expect(r.policyIds.length).toBeGreaterThanOrEqual(1);
      expect(Object.keys(r.reasonAnswers).length).toBeGreaterThanOrEqual(1);
    }
  });

  it("R-DEV-USAGE: has hourly usage on each of the 7 days before now, and none in the future", async () => {
    const [range] = await db
      .select({ first: min(s.usageHourly.hour), last: max(s.usageHourly.hour) })
      .from(s.usageHourly)
      .where(eq(s.usageHourly.orgId, orgId));
    if (!range?.first || !range.last) throw new Error("no usage rows");
    expect(range.last.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(range.first.getTime()).toBeGreaterThan(now.getTime() - 7 * DAY - HOUR);
    const days = await db
      .select({
        day: sql<number>`floor(extract(epoch from (${now.toISOString()}::timestamptz - ${s.usageHourly.hour})) / 86400)`.mapWith(
          Number,
        ),
        requests: sql<number>`sum(${s.usageHourly.requests})`.mapWith(Number),
        errors: sql<number>`sum(${s.usageHourly.errors})`.mapWith(Number),
      })
      .from(s.usageHourly)
      .where(eq(s.usageHourly.orgId, orgId))
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    expect(days.map((d) => d.day)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const d of days) {
      expect(d.requests).toBeGreaterThan(0);
      expect(d.errors).toBeGreaterThan(0);
      expect(d.errors).toBeLessThan(d.requests);
    }
  });

  it("R-ORG-SETUP: the demo admin and developer can log in with the documented passwords", async () => {
    const admin = await authenticateAdmin(db, DEMO.admin.email, DEMO.admin.password);
    expect(admin).toMatchObject({ kind: "admin", orgId });
    const dev = await authenticateDeveloper(
      db,
      DEMO.orgSlug,
      DEMO.developer.email,
      DEMO.developer.password,
    );
    expect(dev).toMatchObject({ kind: "developer", orgId });
  });

  it("R-ORG-SETUP: seeding again returns created:false and adds nothing", async () => {
    const before = await counts(db, orgId);
    const again = await seedDemo(db, new Date(now.getTime() + DAY));
    expect(again).toEqual({ created: false, orgId });
    expect(await counts(db, orgId)).toEqual(before);
  });
});
