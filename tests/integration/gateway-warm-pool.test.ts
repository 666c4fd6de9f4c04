import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db";
import { keys } from "@/db/schema";
import { generateKey } from "@/lib/keys/format";
import { loadGatewayKey, loadGatewayKeys, warmGatewayKeyQuery } from "@/db/queries/gateway";
import { makeDeveloper, makeOrg } from "../helpers/db";
import { makeKey } from "../helpers/gateway-fixtures";
import { postgresAvailable, type TempPostgres, tempPostgres } from "../helpers/gateway-services";

/**
 * R-GW-VERIFY (issue 14, cold keys): the standalone verifier opens its pool and prepares the key
 * lookup on every connection before it listens, so the first cold keys that arrive together pay
 * one round trip each, not a connection's set-up. Structural, not timed: the connections exist
 * before the first call.
 */
const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("R-GW-VERIFY: the verifier's pool is opened ahead", () => {
  let pg: TempPostgres;
  beforeAll(async () => {
    pg = await tempPostgres("gh_warm");
  });
  afterAll(async () => {
    await pg?.drop();
  });

  async function connections(appName: string): Promise<number> {
    const admin = postgres(pg.url, { max: 1, onnotice: () => undefined });
    try {
      const [row] = await admin<
        Array<{ n: number }>
      >`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = ${appName}`;
      return row?.n ?? 0;
    } finally {
      await admin.end({ timeout: 5 });
    }
  }

  it("R-GW-VERIFY: warming a pool of 4 opens its 4 connections (no more on a second warm-up), and lookups still answer", async () => {
    const url = new URL(pg.url);
    url.searchParams.set("application_name", "gh_warm_test");
    const handle = createDb({ url: url.toString(), max: 4 });
    try {
      expect(await connections("gh_warm_test")).toBe(0);
      await warmGatewayKeyQuery(handle.db, 4);
      expect(await connections("gh_warm_test")).toBe(4);
      await warmGatewayKeyQuery(handle.db, 4);
      expect(await connections("gh_warm_test")).toBe(4);
      const org = await makeOrg(handle.db);
      const dev = await makeDeveloper(handle.db, org.id);
      const key = await makeKey(handle.db, org.id, dev.id, []);
      const loaded = await loadGatewayKey(handle.db, org.id, key.row.hash);
      expect(loaded?.key.id).toBe(key.row.id);
      expect(await loadGatewayKey(handle.db, org.id, "0".repeat(64))).toBeNull();
    } finally {
      await handle.close();
    }
  });

  it("R-GW-VERIFY: the cold-key lookup runs on one cached (generic) plan, not planned again for every key", async () => {
    // Planning was most of a cold lookup's database time (about 0.4 ms of 0.5 ms per statement
    // here): the hashes are an InitPlan parameter, so every plan costs the same and Postgres
    // keeps its generic one after five custom ones (plan_cache_mode = auto).
    const handle = createDb({ url: pg.url, max: 1 });
    try {
      const big = await makeOrg(handle.db);
      const small = await makeOrg(handle.db);
      const bigDev = await makeDeveloper(handle.db, big.id);
      const smallDev = await makeDeveloper(handle.db, small.id);
      // Enough keys that the planner's guess for an unknown array (ten hashes) costs more than a
      // custom plan for the real one: a generic plan over a plain `= any($n)` then never wins.
      const bigKeys = Array.from({ length: 2000 }, () => generateKey());
      for (let i = 0; i < bigKeys.length; i += 500)
        await handle.db.insert(keys).values(
          bigKeys.slice(i, i + 500).map((k) => ({
            orgId: big.id,
            developerId: bigDev.id,
            hash: k.hash,
            start: k.start,
          })),
        );
      const smallKey = await makeKey(handle.db, small.id, smallDev.id, []);
      await handle.db.execute(sql`analyze keys`);
      for (let i = 0; i < 12; i++) {
        const [org, hashes] =
          i % 3 === 2
            ? [small.id, [smallKey.row.hash]]
            : [big.id, bigKeys.slice(i, i + 1 + (i % 4)).map((k) => k.hash)];
        const found = await loadGatewayKeys(handle.db, org, hashes);
        expect([...found.keys()].sort()).toEqual([...hashes].sort());
      }
      // One connection: this session's prepared statements are the lookup's.
      const rows = (await handle.db.execute(sql`
        select generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where statement like '%"keys"."hash" = any((select $%'`)) as unknown as Array<{
        generic: number;
        custom: number;
      }>;
      expect(rows).toHaveLength(1);
      const [plans] = rows;
      expect(plans?.custom).toBeLessThanOrEqual(5);
      expect(plans?.generic).toBeGreaterThanOrEqual(7);
    } finally {
      await handle.close();
    }
  });
});
