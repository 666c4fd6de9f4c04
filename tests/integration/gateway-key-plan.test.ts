import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db";
import { KEY_LOOKUP_SESSION_SETTINGS, loadGatewayKeys } from "@/db/queries/gateway";
import { generateKey } from "@/lib/keys/format";
import { makeOrg } from "../helpers/db";
import { makeApi, makeKeysAcrossDevelopers, makePolicy } from "../helpers/gateway-fixtures";
import { postgresAvailable, type TempPostgres, tempPostgres } from "../helpers/gateway-services";

/**
 * R-GW-VERIFY (issue 14, cold keys): the key lookup is found through the unique hash indexes
 * whatever the planner knows about the tables. Structural, not timed: the plan Postgres keeps for
 * the prepared statement is read with EXPLAIN EXECUTE.
 *
 * Before the first ANALYZE a plan of the former statement started from the organisation's
 * developers and probed each one's keys (1,501 developers scanned for five keys); and a generic
 * plan made while quota_usage was empty read it sequentially for as long as the plan lived.
 */
const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("R-GW-VERIFY: the cold-key lookup's plan", () => {
  let pg: TempPostgres;
  let orgId = "";
  const cold = Array.from({ length: 1200 }, () => generateKey());

  beforeAll(async () => {
    pg = await tempPostgres("gh_keyplan");
    const db = pg.handle.db;
    const org = await makeOrg(db);
    orgId = org.id;
    const api = await makeApi(db, org.id, "weather");
    const policy = await makePolicy(db, org.id, { access: [{ apiId: api.id }] });
    // Three keys per developer, 400 developers, and no ANALYZE: the state of a new install that
    // grew faster than autovacuum, in which the planner guesses.
    await makeKeysAcrossDevelopers(db, org.id, policy.id, cold, {
      perDeveloper: 3,
      emailPrefix: "plan",
      passwordHash: "x",
    });
  }, 60_000);

  afterAll(async () => {
    await pg?.drop();
  });

  /** The plan the connection keeps for the lookup, after `runs` executions (one connection). */
  async function keptPlan(handle: DbHandle, runs: number): Promise<string> {
    const wanted = cold.slice(0, 5).map((k) => k.hash);
    for (let i = 0; i < runs; i++) {
      const found = await loadGatewayKeys(handle.db, orgId, wanted);
      expect(found.size).toBe(5);
    }
    const statements = (await handle.db.execute(
      sql`select name, statement from pg_prepared_statements`,
    )) as unknown as Array<{ name: string; statement: string }>;
    const lookup = statements.find((s) => s.statement.includes("json_agg"));
    if (!lookup) throw new Error("the key lookup is not a prepared statement on this connection");
    const params = (lookup.statement.match(/\$\d+/g) ?? []).length;
    // Every parameter of the statement is the list of hashes (current or previous value).
    const list = `'{${wanted.join(",")}}'`;
    const plan = (await handle.db.execute(
      sql.raw(
        `explain (costs off) execute "${lookup.name}"(${Array(params).fill(list).join(", ")})`,
      ),
    )) as unknown as Array<Record<string, string>>;
    return plan.map((r) => r["QUERY PLAN"]).join("\n");
  }

  it("R-GW-VERIFY: the standalone verifier's lookup pool (one generic plan per connection): before any ANALYZE, the keys are found through the hash indexes and no table is read whole", async () => {
    const handle = createDb({ url: pg.url, max: 1, settings: KEY_LOOKUP_SESSION_SETTINGS });
    try {
      const plan = await keptPlan(handle, 8);
      expect(plan).toContain("keys_hash_uq");
      expect(plan).toContain("keys_previous_hash_uq");
      expect(plan).not.toMatch(/developers_org|keys_org_/);
      expect(plan).not.toContain("Seq Scan");
    } finally {
      await handle.close();
    }
  });

  it("R-GW-VERIFY: the web app's pool (Postgres's own plan choice): before any ANALYZE, no plan starts from the organisation's developers", async () => {
    const handle = createDb({ url: pg.url, max: 1 });
    try {
      // Past Postgres's first five custom plans, after which it may keep a generic one.
      const plan = await keptPlan(handle, 8);
      expect(plan).toMatch(/keys/);
      expect(plan).not.toMatch(/developers_org|keys_org_/);
    } finally {
      await handle.close();
    }
  });

  it("R-GW-VERIFY: the lookup pool's connections start with a generic plan and no sequential scans", async () => {
    const handle = createDb({ url: pg.url, max: 1, settings: KEY_LOOKUP_SESSION_SETTINGS });
    try {
      const rows = (await handle.db.execute(
        sql`select current_setting('plan_cache_mode') as mode, current_setting('enable_seqscan') as seqscan`,
      )) as unknown as Array<{ mode: string; seqscan: string }>;
      expect(rows[0]).toEqual({ mode: "force_generic_plan", seqscan: "off" });
      // The generic plan is made at the first execution: its parameters show in the kept plan.
      expect(await keptPlan(handle, 1)).toMatch(/\$1/);
    } finally {
      await handle.close();
    }
  });

  // Last: it analyzes the tables the tests above need unanalyzed.
  it("R-GW-VERIFY: once the tables are analyzed, the web app's pool finds keys through the hash indexes too", async () => {
    await pg.handle.db.execute(sql`analyze`);
    const handle = createDb({ url: pg.url, max: 1 });
    try {
      const plan = await keptPlan(handle, 8);
      expect(plan).toContain("keys_hash_uq");
      // (A small table such as these 400 developers may still be read whole and hashed: cheaper
      // than 400 index probes, and the planner's call once it knows the sizes.)
      expect(plan).not.toMatch(/developers_org|keys_org_|Seq Scan on keys\b/);
    } finally {
      await handle.close();
    }
  });
});
