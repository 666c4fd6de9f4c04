import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { insertApi } from "@/db/queries/apis";
import {
  countKeysWithPolicy,
  deletePolicy,
  getPolicy,
  insertPolicy,
  listCatalogEntriesOfPolicy,
  listPolicies,
  listPolicyOptions,
  replacePolicyAccess,
  updatePolicy,
} from "@/db/queries/policies";
import * as s from "@/db/schema";
import { createCatalogEntry } from "@/lib/catalog/catalog-admin";
import { checkAccess, effectiveLimits } from "@/lib/policies/effective";
import { createApi, editApi, removeApi } from "@/lib/apis/api-admin";
import { onKeysChanged } from "@/lib/keys/invalidate";
import {
  createPolicy,
  editPolicy,
  pathsOutsideApis,
  policyInUse,
  removePolicy,
} from "@/lib/policies/policy-admin";
import { describeEachDb, makeOrg } from "../helpers/db";
import {
  apiValues,
  auditActions,
  entryValues,
  makeActor,
  makeKeyWithPolicies,
  policyInput,
} from "./config-fixtures";

describeEachDb("Policies: queries and admin functions", (getDb) => {
  it("R-GW-VERIFY: createPolicy stores limits and access rights (methods, paths) and audits it", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const weather = await insertApi(
      db,
      org.id,
      apiValues({ name: "Weather", listenPath: "/weather/" }),
    );
    const geo = await insertApi(db, org.id, apiValues({ name: "Geo" }));
    const created = await createPolicy(
      db,
      org.id,
      actor,
      policyInput({
        name: "Free",
        rate: 10,
        per: 60,
        quotaMax: -1,
        keyExpiresInSeconds: 30 * 86400,
        tags: ["free"],
        access: [
          { apiId: weather.id, allowedMethods: ["GET"], allowedPaths: ["/weather/current"] },
          { apiId: geo.id, allowedMethods: [], allowedPaths: [] },
        ],
      }),
    );
    if (!created.ok) throw new Error(created.message);
    const stored = await getPolicy(db, org.id, created.value.id);
    expect(stored).toMatchObject({
      name: "Free",
      rate: 10,
      per: 60,
      quotaMax: -1,
      keyExpiresInSeconds: 2592000,
      tags: ["free"],
    });
    expect(stored?.access).toEqual(
      expect.arrayContaining([
        { apiId: weather.id, allowedMethods: ["GET"], allowedPaths: ["/weather/current"] },
        { apiId: geo.id, allowedMethods: [], allowedPaths: [] },
      ]),
    );
    expect(await auditActions(db, org.id, created.value.id)).toEqual(["policy.created"]);
  });

  it("R-GW-VERIFY: listPolicies shows APIs, key counts and catalog counts per policy", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const api = await insertApi(db, org.id, apiValues({ name: "Weather" }));
    const used = await insertPolicy(db, org.id, policyInput({ name: "A used" }));
    const idle = await insertPolicy(db, org.id, policyInput({ name: "B idle", quotaMax: -1 }));
    await replacePolicyAccess(db, org.id, used.id, [
      { apiId: api.id, allowedMethods: [], allowedPaths: [] },
    ]);
    await makeKeyWithPolicies(db, org.id, [used.id]);
    await makeKeyWithPolicies(db, org.id, [used.id, idle.id]);
    await createCatalogEntry(db, org.id, actor, entryValues(used.id));
    const rows = await listPolicies(db, org.id);
    expect(
      rows.map((r) => [r.name, r.apis.map((a) => a.name), r.keyCount, r.catalogCount]),
    ).toEqual([
      ["A used", ["Weather"], 2, 1],
      ["B idle", [], 1, 0],
    ]);
    expect((await listPolicyOptions(db, org.id)).map((p) => p.name)).toEqual(["A used", "B idle"]);
    expect(await countKeysWithPolicy(db, org.id, used.id)).toBe(2);
  });

  it("R-GW-VERIFY: editing a policy changes the limits of every key that carries it at once", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const api = await insertApi(db, org.id, apiValues());
    const created = await createPolicy(
      db,
      org.id,
      actor,
      policyInput({
        rate: 10,
        per: 60,
        access: [{ apiId: api.id, allowedMethods: ["GET"], allowedPaths: [] }],
      }),
    );
    if (!created.ok) throw new Error(created.message);
    const key = await makeKeyWithPolicies(db, org.id, [created.value.id]);
    const edited = await editPolicy(
      db,
      org.id,
      actor,
      created.value.id,
      policyInput({
        name: "Faster",
        rate: 500,
        per: 1,
        access: [{ apiId: api.id, allowedMethods: ["GET", "POST"], allowedPaths: [] }],
      }),
    );
    expect(edited).toMatchObject({ ok: true, value: { name: "Faster", rate: 500, per: 1 } });
    // What the gateway computes for the key, read live from its policies.
    const links = await db.select().from(s.keyPolicies).where(eq(s.keyPolicies.keyId, key.id));
    const policies = await Promise.all(links.map((l) => getPolicy(db, org.id, l.policyId)));
    const limits = effectiveLimits(
      policies.flatMap((p) => (p ? [{ ...p, access: p.access }] : [])),
    );
    expect(limits.apis.get(api.id)?.rate).toMatchObject({ limit: 500, perSeconds: 1 });
    expect(checkAccess(limits, api.id, "POST", "/x").allowed).toBe(true);
    expect(checkAccess(limits, api.id, "DELETE", "/x").allowed).toBe(false);
    expect(await auditActions(db, org.id, created.value.id)).toEqual([
      "policy.created",
      "policy.updated",
    ]);
  });

  it("R-GW-VERIFY: allowed paths must lie under the API's listen path (the gateway matches full paths)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const api = await insertApi(db, org.id, apiValues({ listenPath: "/weather/" }));
    const access = (paths: string[]) => [
      { apiId: api.id, allowedMethods: [], allowedPaths: paths },
    ];
    expect(
      await createPolicy(db, org.id, actor, policyInput({ access: access(["/current"]) })),
    ).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { [`access.${api.id}.paths`]: [expect.stringContaining("/weather/")] },
    });
    expect(
      pathsOutsideApis(access(["/weather", "/weather/current"]), new Map([[api.id, "/weather/"]])),
    ).toEqual({});
    const ok = await createPolicy(
      db,
      org.id,
      actor,
      policyInput({ access: access(["/weather/current"]) }),
    );
    if (!ok.ok) throw new Error(ok.message);
    const limits = effectiveLimits([{ ...ok.value, access: access(["/weather/current"]) }]);
    expect(checkAccess(limits, api.id, "GET", "/weather/current/today").allowed).toBe(true);
    expect(checkAccess(limits, api.id, "GET", "/weather/forecast").allowed).toBe(false);
    expect(
      await editPolicy(db, org.id, actor, ok.value.id, policyInput({ access: access(["/geo/x"]) })),
    ).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("R-GW-VERIFY: gateway caches of the organisation are invalidated after policy and API changes", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const heard: string[] = [];
    const stop = onKeysChanged((orgId, keys) => {
      if (orgId === org.id && keys === "all") heard.push("all");
    });
    try {
      const api = await createApi(db, org.id, actor, apiValues());
      if (!api.ok) throw new Error(api.message);
      const p = await createPolicy(db, org.id, actor, policyInput());
      if (!p.ok) throw new Error(p.message);
      const before = heard.length;
      await editPolicy(db, org.id, actor, p.value.id, policyInput({ rate: 1 }));
      expect(heard.length).toBe(before + 1);
      await editApi(db, org.id, actor, api.value.id, apiValues({ listenPath: "/moved/" }));
      await removeApi(db, org.id, actor, api.value.id);
      await removePolicy(db, org.id, actor, p.value.id);
      expect(heard.length).toBe(before + 4);
    } finally {
      stop();
    }
  });

  it("R-GW-VERIFY: removing an API from a policy's access rights takes that access away", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const [a, b] = [
      await insertApi(db, org.id, apiValues()),
      await insertApi(db, org.id, apiValues()),
    ];
    const all = [a, b].map((x) => ({ apiId: x.id, allowedMethods: [], allowedPaths: [] }));
    const created = await createPolicy(db, org.id, actor, policyInput({ access: all }));
    if (!created.ok) throw new Error(created.message);
    await editPolicy(
      db,
      org.id,
      actor,
      created.value.id,
      policyInput({ access: [all[1] ?? { apiId: b.id, allowedMethods: [], allowedPaths: [] }] }),
    );
    expect((await getPolicy(db, org.id, created.value.id))?.access.map((x) => x.apiId)).toEqual([
      b.id,
    ]);
  });

  it("R-GW-VERIFY: a policy carried by keys cannot be deleted; nor one a catalog entry publishes; an unused one can", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const carried = await insertPolicy(db, org.id, policyInput());
    const published = await insertPolicy(db, org.id, policyInput());
    const unused = await insertPolicy(db, org.id, policyInput());
    await makeKeyWithPolicies(db, org.id, [carried.id]);
    await createCatalogEntry(
      db,
      org.id,
      actor,
      entryValues(published.id, { name: "Weather Free" }),
    );
    expect(await removePolicy(db, org.id, actor, carried.id)).toMatchObject({
      ok: false,
      reason: "in_use",
      message: expect.stringContaining("1 key carries"),
    });
    expect(await removePolicy(db, org.id, actor, published.id)).toMatchObject({
      ok: false,
      reason: "in_use",
      message: expect.stringContaining("“Weather Free”"),
    });
    expect((await listCatalogEntriesOfPolicy(db, org.id, published.id)).map((e) => e.name)).toEqual(
      ["Weather Free"],
    );
    expect(await policyInUse(db, org.id, unused.id)).toBeNull();
    expect(await removePolicy(db, org.id, actor, unused.id)).toMatchObject({ ok: true });
    expect(await getPolicy(db, org.id, unused.id)).toBeNull();
    expect(await getPolicy(db, org.id, carried.id)).not.toBeNull();
    expect(await auditActions(db, org.id, unused.id)).toEqual(["policy.deleted"]);
    expect(await removePolicy(db, org.id, actor, unused.id)).toMatchObject({
      ok: false,
      reason: "not_found",
    });
  });

  it("R-ORG-ISOLATION: access rights cannot name another organisation's API", async () => {
    const db = getDb();
    const [mine, theirs] = [await makeOrg(db), await makeOrg(db)];
    const actor = await makeActor(db, mine.id);
    const theirApi = await insertApi(db, theirs.id, apiValues());
    const forged = policyInput({
      access: [{ apiId: theirApi.id, allowedMethods: [], allowedPaths: [] }],
    });
    expect(await createPolicy(db, mine.id, actor, forged)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    const mineP = await insertPolicy(db, mine.id, policyInput());
    expect(await editPolicy(db, mine.id, actor, mineP.id, forged)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect((await getPolicy(db, mine.id, mineP.id))?.access).toEqual([]);
  });

  it("R-ORG-ISOLATION: another organisation's policy is never listed, read, changed or deleted", async () => {
    const db = getDb();
    const [mine, theirs] = [await makeOrg(db), await makeOrg(db)];
    const actor = await makeActor(db, mine.id);
    const api = await insertApi(db, theirs.id, apiValues());
    const their = await insertPolicy(db, theirs.id, policyInput({ name: "Theirs", rate: 5 }));
    await replacePolicyAccess(db, theirs.id, their.id, [
      { apiId: api.id, allowedMethods: [], allowedPaths: [] },
    ]);
    await makeKeyWithPolicies(db, theirs.id, [their.id]);
    expect(await listPolicies(db, mine.id)).toEqual([]);
    expect(await listPolicyOptions(db, mine.id)).toEqual([]);
    expect(await getPolicy(db, mine.id, their.id)).toBeNull();
    expect(await countKeysWithPolicy(db, mine.id, their.id)).toBe(0);
    expect(await updatePolicy(db, mine.id, their.id, policyInput({ rate: 1_000_000 }))).toBeNull();
    expect(
      await editPolicy(db, mine.id, actor, their.id, policyInput({ rate: 1_000_000 })),
    ).toMatchObject({ ok: false, reason: "not_found" });
    // Replacing access through the wrong organisation touches none of their rows.
    expect(await replacePolicyAccess(db, mine.id, their.id, [])).toBe(false);
    const myPolicy = await insertPolicy(db, mine.id, policyInput());
    expect(
      await replacePolicyAccess(db, mine.id, myPolicy.id, [
        { apiId: api.id, allowedMethods: [], allowedPaths: [] },
      ]),
    ).toBe(false);
    expect((await getPolicy(db, mine.id, myPolicy.id))?.access).toEqual([]);
    expect(await deletePolicy(db, mine.id, their.id)).toBeNull();
    expect(await removePolicy(db, mine.id, actor, their.id)).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    const still = await getPolicy(db, theirs.id, their.id);
    expect(still).toMatchObject({ name: "Theirs", rate: 5 });
    expect(still?.access.map((a) => a.apiId)).toEqual([api.id]);
  });
});
