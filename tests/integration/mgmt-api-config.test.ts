import { beforeEach, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

import { describeEachDb } from "../helpers/db";
import { makeApi, makeCatalogEntry, makePolicy } from "../helpers/dev-fixtures";
import { mgmtWorld, useAsAppDb } from "../helpers/mgmt-client";

/** R-MGMT-API: policies, APIs and catalog entries (read-only), through the typed client. */
describeEachDb("R-MGMT-API: /api/v1/policies, /apis, /catalog-entries", (getDb, target) => {
  beforeEach(() => useAsAppDb(getDb(), target));

  it("R-MGMT-API: policies list with their access rights, filter by name and active, get one", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const api = await makeApi(db, w.org.id, { name: "Weather" });
    const gold = await makePolicy(
      db,
      w.org.id,
      { name: "Gold plan", rate: 50, per: 1, quotaMax: -1, keyExpiresInSeconds: 0 },
      [{ apiId: api.id, allowedMethods: ["GET"], allowedPaths: ["/weather/today"] }],
    );
    const old = await makePolicy(db, w.org.id, { name: "Old plan", isInactive: true });

    const all = await w.client.GET("/api/v1/policies");
    // mgmtWorld's catalog entry has a policy of its own.
    expect(all.data?.data.map((p) => p.id)).toEqual(
      expect.arrayContaining([gold.id, old.id, w.policy.id]),
    );
    const found = await w.client.GET("/api/v1/policies", { params: { query: { search: "GOLD" } } });
    expect(found.data?.data).toEqual([
      {
        id: gold.id,
        name: "Gold plan",
        active: true,
        rate: 50,
        per: 1,
        quota_max: -1,
        quota_renewal_seconds: 86400,
        key_expires_in_seconds: null,
        allow_oauth: false,
        tags: [],
        access: [{ api_id: api.id, allowed_methods: ["GET"], allowed_paths: ["/weather/today"] }],
        created_at: gold.createdAt.toISOString(),
      },
    ]);
    const inactive = await w.client.GET("/api/v1/policies", {
      params: { query: { active: "false" } },
    });
    expect(inactive.data?.data.map((p) => p.id)).toEqual([old.id]);
    const one = await w.client.GET("/api/v1/policies/{id}", { params: { path: { id: gold.id } } });
    expect(one.data?.access).toHaveLength(1);
    const bad = await w.client.GET("/api/v1/policies", {
      params: { query: { active: "maybe" as "true" } },
    });
    expect(bad.response.status).toBe(400);
  });

  it("R-MGMT-API: APIs list, filter by name and auth type, get one", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const weather = await makeApi(db, w.org.id, { name: "Weather", listenPath: "/weather/" });
    const pay = await makeApi(db, w.org.id, { name: "Payments", authType: "oauth" });
    const oauth = await w.client.GET("/api/v1/apis", { params: { query: { auth_type: "oauth" } } });
    expect(oauth.data?.data.map((a) => a.id)).toEqual([pay.id]);
    const named = await w.client.GET("/api/v1/apis", { params: { query: { search: "eath" } } });
    expect(named.data?.data).toEqual([
      expect.objectContaining({ id: weather.id, listen_path: "/weather/", auth_type: "key" }),
    ]);
    const one = await w.client.GET("/api/v1/apis/{id}", { params: { path: { id: pay.id } } });
    expect(one.data).toMatchObject({ id: pay.id, name: "Payments" });
    const missing = await w.client.GET("/api/v1/apis/{id}", {
      params: { path: { id: "api_doesnotexist" } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.code).toBe("not_found");
  });

  it("R-MGMT-API: catalog entries list, filter by visibility and policy, get one", async () => {
    const db = getDb();
    const w = await mgmtWorld(db);
    const policy = await makePolicy(db, w.org.id);
    const extra = await makeCatalogEntry(db, w.org.id, policy.id, "Maps — Partners");
    const byPolicy = await w.client.GET("/api/v1/catalog-entries", {
      params: { query: { policy_id: policy.id } },
    });
    expect(byPolicy.data?.data.map((c) => c.id)).toEqual([extra.id]);
    const all = await w.client.GET("/api/v1/catalog-entries");
    expect(all.data?.data.map((c) => c.id).sort()).toEqual([extra.id, w.entry.id].sort());
    const hidden = await w.client.GET("/api/v1/catalog-entries", {
      params: { query: { visibility: "hidden" } },
    });
    expect(hidden.data?.data).toEqual([]);
    const one = await w.client.GET("/api/v1/catalog-entries/{id}", {
      params: { path: { id: extra.id } },
    });
    expect(one.data).toMatchObject({
      id: extra.id,
      name: "Maps — Partners",
      policy_id: policy.id,
      approval_mode: null,
    });
  });
});
