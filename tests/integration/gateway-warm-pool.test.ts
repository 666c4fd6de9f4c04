import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db";
import { loadGatewayKey, warmGatewayKeyQuery } from "@/db/queries/gateway";
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
});
