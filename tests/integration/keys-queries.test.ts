import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import {
  getKeyView,
  getOrgPolicies,
  insertKey,
  listDeveloperKeys,
  listKeyPolicyOptions,
  replaceKeyPolicies,
  revokeDeveloperKeys,
  revokeKeyRow,
} from "@/db/queries/keys";
import * as s from "@/db/schema";
import { generateKey } from "@/lib/keys/format";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import {
  getKeyRow,
  keySnapshot,
  makeCatalogEntry,
  makeKey,
  makePolicy,
  policyIdsOfKey,
} from "../helpers/dev-fixtures";

describeEachDb("Keys: queries (db/queries/keys.ts)", (getDb) => {
  it("R-DEV-KEYS: listDeveloperKeys lists every key newest first, each with its policies and their catalog entry names", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const free = await makePolicy(db, org.id, { name: "Free" });
    const pro = await makePolicy(db, org.id, { name: "Pro", isInactive: true });
    const internal = await makePolicy(db, org.id, { name: "Internal tools" });
    await makeCatalogEntry(db, org.id, free.id, "Weather — Free");
    await makeCatalogEntry(db, org.id, pro.id, "Weather Pro");
    await makeCatalogEntry(db, org.id, pro.id, "Geo Pro");
    const dev = await makeDeveloper(db, org.id);
    const t0 = new Date("2026-03-01T10:00:00Z").getTime();
    const oldest = await makeKey(db, org.id, dev.id, [internal.id], {
      createdAt: new Date(t0),
      alias: "internal",
    });
    const multi = await makeKey(db, org.id, dev.id, [pro.id, free.id, internal.id], {
      createdAt: new Date(t0 + 60_000),
      alias: "multi",
    });
    const revoked = await makeKey(db, org.id, dev.id, [free.id], {
      createdAt: new Date(t0 + 120_000),
      status: "revoked",
      revokedAt: new Date(t0 + 180_000),
    });

    const views = await listDeveloperKeys(db, org.id, dev.id);
    expect(views.map((k) => [k.id, k.status, k.alias])).toEqual([
      [revoked.key.id, "revoked", null],
      [multi.key.id, "active", "multi"],
      [oldest.key.id, "active", "internal"],
    ]);
    // Policies sorted by name; several catalog entries sorted by name; none → [] ("(No Catalog Entry)").
    expect(views[1]?.policies).toEqual([
      {
        policyId: free.id,
        policyName: "Free",
        isInactive: false,
        catalogEntries: ["Weather — Free"],
      },
      {
        policyId: internal.id,
        policyName: "Internal tools",
        isInactive: false,
        catalogEntries: [],
      },
      {
        policyId: pro.id,
        policyName: "Pro",
        isInactive: true,
        catalogEntries: ["Geo Pro", "Weather Pro"],
      },
    ]);
    expect(views[2]?.policies).toEqual([
      {
        policyId: internal.id,
        policyName: "Internal tools",
        isInactive: false,
        catalogEntries: [],
      },
    ]);
    expect(views[0]?.policies.map((p) => p.policyName)).toEqual(["Free"]);
    // The view carries the key row (display start, hash for nobody to show, dates).
    expect(views[1]).toMatchObject({
      start: multi.key.start,
      hash: multi.key.hash,
      developerId: dev.id,
      orgId: org.id,
    });
  });

  it("R-DEV-KEYS: a developer without keys has an empty keys panel", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    expect(await listDeveloperKeys(db, org.id, dev.id)).toEqual([]);
  });

  it("R-DEV-KEYS: getKeyView returns one key with its policies; an unknown key is null", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const internal = await makePolicy(db, org.id, { name: "Internal tools" });
    const free = await makePolicy(db, org.id, { name: "Free" });
    await makeCatalogEntry(db, org.id, free.id, "Weather — Free");
    const dev = await makeDeveloper(db, org.id);
    const { key } = await makeKey(db, org.id, dev.id, [internal.id, free.id]);
    const view = await getKeyView(db, org.id, key.id);
    expect(view).toMatchObject({
      id: key.id,
      developerId: dev.id,
      start: key.start,
      status: "active",
    });
    expect(view?.policies).toEqual([
      {
        policyId: free.id,
        policyName: "Free",
        isInactive: false,
        catalogEntries: ["Weather — Free"],
      },
      {
        policyId: internal.id,
        policyName: "Internal tools",
        isInactive: false,
        catalogEntries: [],
      },
    ]);
    expect(await getKeyView(db, org.id, "key_unknown")).toBeNull();
  });

  it("R-KEY-NEW: listKeyPolicyOptions offers every policy of the organisation by name, with limits and catalog entries", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const pro = await makePolicy(db, org.id, {
      name: "Pro",
      rate: 100,
      per: 60,
      quotaMax: 100000,
      quotaRenewalSeconds: 2592000,
    });
    const free = await makePolicy(db, org.id, {
      name: "Free",
      rate: 10,
      per: 60,
      quotaMax: 1000,
      quotaRenewalSeconds: 86400,
    });
    const internal = await makePolicy(db, org.id, {
      name: "Internal tools",
      rate: 1000,
      per: 60,
      quotaMax: -1,
      quotaRenewalSeconds: 3600,
      isInactive: true,
    });
    await makeCatalogEntry(db, org.id, free.id, "Weather — Free");
    expect(await listKeyPolicyOptions(db, org.id)).toEqual([
      {
        id: free.id,
        name: "Free",
        isInactive: false,
        rate: 10,
        per: 60,
        quotaMax: 1000,
        quotaRenewalSeconds: 86400,
        catalogEntries: ["Weather — Free"],
      },
      {
        id: internal.id,
        name: "Internal tools",
        isInactive: true,
        rate: 1000,
        per: 60,
        quotaMax: -1,
        quotaRenewalSeconds: 3600,
        catalogEntries: [],
      },
      {
        id: pro.id,
        name: "Pro",
        isInactive: false,
        rate: 100,
        per: 60,
        quotaMax: 100000,
        quotaRenewalSeconds: 2592000,
        catalogEntries: [],
      },
    ]);
  });

  it("R-KEY-NEW: getOrgPolicies returns the organisation's policies among the ids; unknown ids are absent", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const a = await makePolicy(db, org.id, { name: "A", keyExpiresInSeconds: 3600 });
    const b = await makePolicy(db, org.id, { name: "B" });
    await makePolicy(db, org.id, { name: "C" });
    const found = await getOrgPolicies(db, org.id, [a.id, b.id, "pol_unknown"]);
    expect(found.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { id: a.id, name: "A", keyExpiresInSeconds: 3600, isInactive: false },
      { id: b.id, name: "B", keyExpiresInSeconds: null, isInactive: false },
    ]);
    expect(await getOrgPolicies(db, org.id, [])).toEqual([]);
  });

  it("R-KEY-NEW: insertKey stores the key (hash and display start only) with its policies", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const [p1, p2] = [await makePolicy(db, org.id), await makePolicy(db, org.id)];
    const dev = await makeDeveloper(db, org.id);
    const k = generateKey();
    const expiresAt = new Date("2027-01-01T00:00:00Z");
    const row = await db.transaction((tx) =>
      insertKey(
        tx,
        org.id,
        { developerId: dev.id, hash: k.hash, start: k.start, alias: "prod", expiresAt },
        [p1.id, p2.id],
      ),
    );
    expect(row).toMatchObject({
      orgId: org.id,
      developerId: dev.id,
      hash: k.hash,
      start: k.start,
      alias: "prod",
      status: "active",
      expiresAt,
      revokedAt: null,
    });
    expect(await policyIdsOfKey(db, row.id)).toEqual([p1.id, p2.id].sort());
    const links = await db.select().from(s.keyPolicies).where(eq(s.keyPolicies.keyId, row.id));
    expect(links.every((l) => l.orgId === org.id)).toBe(true);
  });

  it("R-KEY-POLICY-CHANGE: replaceKeyPolicies swaps the key's policy set", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const [free, pro, internal] = [
      await makePolicy(db, org.id),
      await makePolicy(db, org.id),
      await makePolicy(db, org.id),
    ];
    const dev = await makeDeveloper(db, org.id);
    const { key } = await makeKey(db, org.id, dev.id, [free.id, internal.id]);
    const other = await makeKey(db, org.id, dev.id, [internal.id]);
    expect(await replaceKeyPolicies(db, org.id, key.id, [free.id, pro.id])).toBe(true);
    expect(await policyIdsOfKey(db, key.id)).toEqual([free.id, pro.id].sort());
    expect(await replaceKeyPolicies(db, org.id, key.id, [internal.id])).toBe(true);
    expect(await policyIdsOfKey(db, key.id)).toEqual([internal.id]);
    // Another key of the same developer is untouched; the key itself keeps its hash and status.
    expect(await policyIdsOfKey(db, other.key.id)).toEqual([internal.id]);
    expect(await getKeyRow(db, key.id)).toMatchObject({ hash: key.hash, status: "active" });
  });

  it("R-KEY-POLICY-CHANGE: replaceKeyPolicies refuses a revoked key and leaves its policies", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const [free, pro] = [await makePolicy(db, org.id), await makePolicy(db, org.id)];
    const dev = await makeDeveloper(db, org.id);
    const { key } = await makeKey(db, org.id, dev.id, [free.id], {
      status: "revoked",
      revokedAt: new Date(),
    });
    expect(await replaceKeyPolicies(db, org.id, key.id, [pro.id])).toBe(false);
    expect(await policyIdsOfKey(db, key.id)).toEqual([free.id]);
    expect(await replaceKeyPolicies(db, org.id, "key_unknown", [pro.id])).toBe(false);
  });

  it("R-DEV-KEYS: revokeKeyRow revokes an active key once and returns its developer", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const policy = await makePolicy(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    const { key } = await makeKey(db, org.id, dev.id, [policy.id]);
    const before = Date.now();
    expect(await revokeKeyRow(db, org.id, key.id)).toEqual({ id: key.id, developerId: dev.id });
    const row = await getKeyRow(db, key.id);
    expect(row?.status).toBe("revoked");
    expect(row?.revokedAt?.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(await revokeKeyRow(db, org.id, key.id)).toBeNull();
    // The first revocation time stays.
    expect((await getKeyRow(db, key.id))?.revokedAt).toEqual(row?.revokedAt);
    // Policies stay attached (the history of what the key could do).
    expect(await policyIdsOfKey(db, key.id)).toEqual([policy.id]);
  });

  it("R-DEV-DEACTIVATE: revokeDeveloperKeys revokes every not-yet-revoked key of the developer only", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const policy = await makePolicy(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    const other = await makeDeveloper(db, org.id);
    const k1 = await makeKey(db, org.id, dev.id, [policy.id]);
    const k2 = await makeKey(db, org.id, dev.id, [policy.id], { status: "inactive" });
    const old = await makeKey(db, org.id, dev.id, [policy.id], {
      status: "revoked",
      revokedAt: new Date("2026-01-01T00:00:00Z"),
    });
    const kept = await makeKey(db, org.id, other.id, [policy.id]);
    const ids = await revokeDeveloperKeys(db, org.id, dev.id);
    expect([...ids].sort()).toEqual([k1.key.id, k2.key.id].sort());
    for (const k of [k1, k2]) expect((await getKeyRow(db, k.key.id))?.status).toBe("revoked");
    expect((await getKeyRow(db, old.key.id))?.revokedAt).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(await getKeyRow(db, kept.key.id)).toMatchObject({ status: "active", revokedAt: null });
    expect(await revokeDeveloperKeys(db, org.id, dev.id)).toEqual([]);
  });

  it("R-ORG-ISOLATION: another organisation's id lists no keys, views no key and offers none of this organisation's policies", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const polA = await makePolicy(db, a.id, { name: "A only" });
    const polB = await makePolicy(db, b.id, { name: "B only" });
    await makeCatalogEntry(db, a.id, polA.id, "Entry of A");
    await makeCatalogEntry(db, b.id, polB.id, "Entry of B");
    const devA = await makeDeveloper(db, a.id);
    const devB = await makeDeveloper(db, b.id);
    const keyA = await makeKey(db, a.id, devA.id, [polA.id]);
    await makeKey(db, b.id, devB.id, [polB.id]);

    expect(await listDeveloperKeys(db, b.id, devA.id)).toEqual([]);
    expect(await getKeyView(db, b.id, keyA.key.id)).toBeNull();
    expect((await listDeveloperKeys(db, a.id, devA.id)).map((k) => k.id)).toEqual([keyA.key.id]);
    expect((await listKeyPolicyOptions(db, a.id)).map((p) => [p.name, p.catalogEntries])).toEqual([
      ["A only", ["Entry of A"]],
    ]);
    expect((await listKeyPolicyOptions(db, b.id)).map((p) => [p.name, p.catalogEntries])).toEqual([
      ["B only", ["Entry of B"]],
    ]);
    expect(await getOrgPolicies(db, a.id, [polB.id])).toEqual([]);
    expect((await getOrgPolicies(db, a.id, [polA.id, polB.id])).map((p) => p.id)).toEqual([
      polA.id,
    ]);
  });

  it("R-ORG-ISOLATION: another organisation's id cannot change a key's policies, revoke it or revoke a developer's keys", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const polA = await makePolicy(db, a.id);
    const polB = await makePolicy(db, b.id);
    const devA = await makeDeveloper(db, a.id);
    await makeKey(db, a.id, devA.id, [polA.id]);
    await makeKey(db, a.id, devA.id, [polA.id]);
    const before = await keySnapshot(db, a.id, devA.id);
    const keyId = before.keys[0]?.id ?? "";

    expect(await replaceKeyPolicies(db, b.id, keyId, [polB.id])).toBe(false);
    expect(await revokeKeyRow(db, b.id, keyId)).toBeNull();
    expect(await revokeDeveloperKeys(db, b.id, devA.id)).toEqual([]);
    expect(await keySnapshot(db, a.id, devA.id)).toEqual(before);
  });
});
