import { expect, it } from "vitest";
import {
  apiConflictOf,
  deleteApi,
  findApiConflicts,
  getApi,
  insertApi,
  listApis,
  listPoliciesGrantingApi,
  updateApi,
} from "@/db/queries/apis";
import { createApi, editApi, removeApi } from "@/lib/apis/api-admin";
import { createPolicy } from "@/lib/policies/policy-admin";
import { describeEachDb, makeOrg } from "../helpers/db";
import { apiValues, auditActions, makeActor, policyInput } from "./config-fixtures";

describeEachDb("APIs: queries and admin functions", (getDb) => {
  it("R-GW-VERIFY: createApi stores the API, lists it with its policy count and audits it", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const created = await createApi(
      db,
      org.id,
      actor,
      apiValues({ name: "Weather", slug: "weather", listenPath: "/weather/" }),
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    await createPolicy(
      db,
      org.id,
      actor,
      policyInput({ access: [{ apiId: created.value.id, allowedMethods: [], allowedPaths: [] }] }),
    );
    const list = await listApis(db, org.id);
    expect(list).toEqual([
      expect.objectContaining({
        id: created.value.id,
        name: "Weather",
        listenPath: "/weather/",
        authType: "key",
        policyCount: 1,
      }),
    ]);
    expect(await auditActions(db, org.id, created.value.id)).toEqual(["api.created"]);
  });

  it("R-GW-VERIFY: slug and listen path are unique per organisation, with field errors for both", async () => {
    const db = getDb();
    const [org, other] = [await makeOrg(db), await makeOrg(db)];
    const actor = await makeActor(db, org.id);
    await createApi(db, org.id, actor, apiValues({ slug: "geo", listenPath: "/geo/" }));
    const dup = await createApi(db, org.id, actor, apiValues({ slug: "geo", listenPath: "/geo/" }));
    expect(dup).toMatchObject({
      ok: false,
      reason: "conflict",
      fieldErrors: { slug: [expect.any(String)], listenPath: [expect.any(String)] },
    });
    expect(await findApiConflicts(db, org.id, { slug: "geo", listenPath: "/x/" })).toEqual({
      slug: true,
      listenPath: false,
    });
    // Another organisation may use the same slug and path.
    const theirs = await createApi(
      db,
      other.id,
      await makeActor(db, other.id),
      apiValues({ slug: "geo", listenPath: "/geo/" }),
    );
    expect(theirs.ok).toBe(true);
  });

  it("R-GW-VERIFY: insertApi and updateApi throw on a taken slug or path; apiConflictOf names it (race fallback)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    await insertApi(db, org.id, apiValues({ slug: "one", listenPath: "/one/" }));
    const b = await insertApi(db, org.id, apiValues({ slug: "two", listenPath: "/two/" }));
    const thrown = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (err: unknown) => apiConflictOf(err),
      );
    expect(await thrown(insertApi(db, org.id, apiValues({ slug: "one" })))).toEqual({
      conflict: "slug",
    });
    expect(await thrown(insertApi(db, org.id, apiValues({ listenPath: "/one/" })))).toEqual({
      conflict: "listenPath",
    });
    expect(
      await thrown(updateApi(db, org.id, b.id, apiValues({ slug: "one", listenPath: "/two/" }))),
    ).toEqual({ conflict: "slug" });
    // Inside a transaction (as the admin functions call it) the error rolls it back and surfaces.
    expect(
      await thrown(db.transaction((tx) => insertApi(tx, org.id, apiValues({ slug: "two" })))),
    ).toEqual({ conflict: "slug" });
    expect(apiConflictOf(new Error("other"))).toBeNull();
    expect((await listApis(db, org.id)).length).toBe(2);
  });

  it("R-GW-VERIFY: editApi saves changes and keeps its own slug; unknown id → not_found", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const created = await createApi(
      db,
      org.id,
      actor,
      apiValues({ slug: "pay", listenPath: "/pay/" }),
    );
    if (!created.ok) throw new Error("create failed");
    const edited = await editApi(
      db,
      org.id,
      actor,
      created.value.id,
      apiValues({
        name: "Payments",
        slug: "pay",
        listenPath: "/payments/",
        authType: "oauth",
        openapiUrl: "https://x.test/openapi.json",
      }),
    );
    expect(edited).toMatchObject({
      ok: true,
      value: {
        name: "Payments",
        listenPath: "/payments/",
        authType: "oauth",
        openapiUrl: "https://x.test/openapi.json",
      },
    });
    expect((await getApi(db, org.id, created.value.id))?.name).toBe("Payments");
    expect(await editApi(db, org.id, actor, "api_missing", apiValues())).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(await auditActions(db, org.id, created.value.id)).toEqual([
      "api.created",
      "api.updated",
    ]);
  });

  it("R-GW-VERIFY: removeApi deletes it and names the policies that lose access", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const api = await createApi(db, org.id, actor, apiValues());
    if (!api.ok) throw new Error("create failed");
    const access = [{ apiId: api.value.id, allowedMethods: ["GET"], allowedPaths: [] }];
    await createPolicy(db, org.id, actor, policyInput({ name: "Free", access }));
    await createPolicy(db, org.id, actor, policyInput({ name: "Pro", access }));
    expect((await listPoliciesGrantingApi(db, org.id, api.value.id)).map((p) => p.name)).toEqual([
      "Free",
      "Pro",
    ]);
    const removed = await removeApi(db, org.id, actor, api.value.id);
    expect(removed).toMatchObject({ ok: true, value: { policiesLosingAccess: ["Free", "Pro"] } });
    expect(await getApi(db, org.id, api.value.id)).toBeNull();
    expect(await listPoliciesGrantingApi(db, org.id, api.value.id)).toEqual([]);
    expect(await removeApi(db, org.id, actor, api.value.id)).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(await auditActions(db, org.id, api.value.id)).toEqual(["api.created", "api.deleted"]);
  });

  it("R-ORG-ISOLATION: another organisation's API is never listed, read, changed or deleted", async () => {
    const db = getDb();
    const [mine, theirs] = [await makeOrg(db), await makeOrg(db)];
    const myActor = await makeActor(db, mine.id);
    const their = await insertApi(db, theirs.id, apiValues({ name: "Theirs" }));
    expect(await listApis(db, mine.id)).toEqual([]);
    expect(await getApi(db, mine.id, their.id)).toBeNull();
    expect(await updateApi(db, mine.id, their.id, apiValues({ name: "Hijacked" }))).toBeNull();
    expect(
      await editApi(db, mine.id, myActor, their.id, apiValues({ name: "Hijacked" })),
    ).toMatchObject({ ok: false, reason: "not_found" });
    expect(await deleteApi(db, mine.id, their.id)).toBeNull();
    expect(await removeApi(db, mine.id, myActor, their.id)).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(
      await findApiConflicts(db, mine.id, { slug: their.slug, listenPath: their.listenPath }),
    ).toEqual({ slug: false, listenPath: false });
    expect((await getApi(db, theirs.id, their.id))?.name).toBe("Theirs");
  });
});
