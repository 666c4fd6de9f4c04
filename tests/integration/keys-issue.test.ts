import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getKeyView } from "@/db/queries/keys";
import * as s from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { isWellFormedKey } from "@/lib/keys/format";
import { keysChanged, onKeysChanged } from "@/lib/keys/invalidate";
import { changeKeyPolicies, issueKey, revokeKey } from "@/lib/keys/issue";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import {
  adminActor,
  auditOf,
  getKeyRow,
  keySnapshot,
  makeCatalogEntry,
  keyScene,
  makeKey,
  makePolicy,
  policyIdsOfKey,
  recordKeysChanged,
  rowsContain,
} from "../helpers/dev-fixtures";

const DAY_S = 86400;

let recorder: ReturnType<typeof recordKeysChanged> | undefined;
afterEach(() => {
  recorder?.stop();
  recorder = undefined;
});

describeEachDb("Keys: issue, change policies, revoke (lib/keys/issue.ts)", (getDb) => {
  it("R-KEY-NEW: issueKey returns the plaintext once; only its SHA-256 is stored, in no other column or table", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const free = await makePolicy(db, org.id, { name: "Free" });
    const internal = await makePolicy(db, org.id, { name: "Internal tools" });
    await makeCatalogEntry(db, org.id, free.id, "Weather — Free");
    const dev = await makeDeveloper(db, org.id);

    const r = await issueKey(
      db,
      org.id,
      { developerId: dev.id, policyIds: [free.id, internal.id], alias: "  production  " },
      actor,
    );
    if (!r.ok) throw new Error(r.message);
    const { key, keyId } = r.value;
    expect(isWellFormedKey(key)).toBe(true);
    const row = await getKeyRow(db, keyId);
    expect(row).toMatchObject({
      orgId: org.id,
      developerId: dev.id,
      hash: sha256Hex(key),
      start: key.slice(0, row?.start.length),
      alias: "production",
      status: "active",
    });
    expect(key.startsWith(row?.start ?? "-")).toBe(true);
    expect(row?.start.length).toBeLessThan(key.length / 2);
    // The plaintext is nowhere in the database rows this produced.
    expect(rowsContain([row], key)).toBe(false);
    expect(
      rowsContain(await db.select().from(s.keyPolicies).where(eq(s.keyPolicies.keyId, keyId)), key),
    ).toBe(false);
    expect(
      rowsContain(await db.select().from(s.auditLog).where(eq(s.auditLog.orgId, org.id)), key),
    ).toBe(false);
    // Both policies are on the key, as the keys panel shows them.
    expect(
      (await getKeyView(db, org.id, keyId))?.policies.map((p) => [p.policyName, p.catalogEntries]),
    ).toEqual([
      ["Free", ["Weather — Free"]],
      ["Internal tools", []],
    ]);
  });

  it("R-KEY-NEW: issueKey writes a key.created audit row naming the developer and policies", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const [p1, p2] = [await makePolicy(db, org.id), await makePolicy(db, org.id)];
    const dev = await makeDeveloper(db, org.id);
    // A repeated id counts once.
    const r = await issueKey(
      db,
      org.id,
      { developerId: dev.id, policyIds: [p1.id, p2.id, p1.id] },
      actor,
    );
    if (!r.ok) throw new Error(r.message);
    expect(await policyIdsOfKey(db, r.value.keyId)).toEqual([p1.id, p2.id].sort());
    const audit = await auditOf(db, org.id, r.value.keyId);
    expect(audit.map((a) => [a.action, a.actorType, a.actorId, a.targetType])).toEqual([
      ["key.created", "admin", actor.actorId, "key"],
    ]);
    const data = audit[0]?.data as { developerId: string; policyIds: string[] };
    expect(data.developerId).toBe(dev.id);
    expect([...data.policyIds].sort()).toEqual([p1.id, p2.id].sort());
  });

  it("R-KEY-NEW: the key expires with the latest of its policies' expiries", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const month = await makePolicy(db, org.id, { keyExpiresInSeconds: 30 * DAY_S });
    const year = await makePolicy(db, org.id, { keyExpiresInSeconds: 365 * DAY_S });
    const dev = await makeDeveloper(db, org.id);
    const before = Date.now();
    const r = await issueKey(
      db,
      org.id,
      { developerId: dev.id, policyIds: [month.id, year.id] },
      actor,
    );
    const after = Date.now();
    if (!r.ok) throw new Error(r.message);
    const expires = (await getKeyRow(db, r.value.keyId))?.expiresAt?.getTime() ?? 0;
    expect(expires).toBeGreaterThanOrEqual(before + 365 * DAY_S * 1000 - 1000);
    expect(expires).toBeLessThanOrEqual(after + 365 * DAY_S * 1000 + 1000);

    const single = await issueKey(
      db,
      org.id,
      { developerId: dev.id, policyIds: [month.id] },
      actor,
    );
    if (!single.ok) throw new Error(single.message);
    const singleExpires = (await getKeyRow(db, single.value.keyId))?.expiresAt?.getTime() ?? 0;
    expect(Math.abs(singleExpires - (Date.now() + 30 * DAY_S * 1000))).toBeLessThan(60_000);
  });

  it("R-KEY-NEW: a key never expires when any of its policies issues keys that never expire (null or 0)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const year = await makePolicy(db, org.id, { keyExpiresInSeconds: 365 * DAY_S });
    const never = await makePolicy(db, org.id, { keyExpiresInSeconds: null });
    const zero = await makePolicy(db, org.id, { keyExpiresInSeconds: 0 });
    const dev = await makeDeveloper(db, org.id);
    for (const policyIds of [
      [year.id, never.id],
      [never.id, year.id],
      [zero.id],
      [year.id, zero.id],
    ]) {
      const r = await issueKey(db, org.id, { developerId: dev.id, policyIds }, actor);
      if (!r.ok) throw new Error(r.message);
      expect(
        (await getKeyRow(db, r.value.keyId))?.expiresAt,
        `policies ${policyIds.join(",")}`,
      ).toBeNull();
    }
  });

  it("R-KEY-NEW: no policy, or an unknown policy, is refused on policyIds and creates no key", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const policy = await makePolicy(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    expect(await issueKey(db, org.id, { developerId: dev.id, policyIds: [] }, actor)).toMatchObject(
      { ok: false, reason: "invalid", fieldErrors: { policyIds: [expect.any(String)] } },
    );
    expect(
      await issueKey(
        db,
        org.id,
        { developerId: dev.id, policyIds: [policy.id, "pol_unknown"] },
        actor,
      ),
    ).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { policyIds: [expect.any(String)] },
    });
    expect((await keySnapshot(db, org.id, dev.id)).keys).toEqual([]);
  });

  it("R-KEY-NEW: an unknown developer is refused", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const policy = await makePolicy(db, org.id);
    expect(
      await issueKey(db, org.id, { developerId: "dev_unknown", policyIds: [policy.id] }, actor),
    ).toMatchObject({ ok: false, reason: "not_found", message: "Developer not found." });
  });

  it("R-KEY-POLICY-CHANGE: changeKeyPolicies adds and removes policies, tells key caches at once and audits it", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const free = await makePolicy(db, org.id, { name: "Free" });
    const pro = await makePolicy(db, org.id, { name: "Pro" });
    const internal = await makePolicy(db, org.id, { name: "Internal tools" });
    await makeCatalogEntry(db, org.id, pro.id, "Weather & Geocoding — Pro");
    const dev = await makeDeveloper(db, org.id);
    const { key } = await makeKey(db, org.id, dev.id, [free.id, internal.id]);
    recorder = recordKeysChanged(org.id);

    // Remove Internal tools, add Pro.
    expect(await changeKeyPolicies(db, org.id, key.id, [free.id, pro.id], actor)).toMatchObject({
      ok: true,
      value: null,
    });
    expect(
      (await getKeyView(db, org.id, key.id))?.policies.map((p) => [p.policyName, p.catalogEntries]),
    ).toEqual([
      ["Free", []],
      ["Pro", ["Weather & Geocoding — Pro"]],
    ]);
    expect(recorder.calls).toEqual([{ orgId: org.id, keyIds: [key.id] }]);
    // The key itself is the same key.
    expect(await getKeyRow(db, key.id)).toMatchObject({
      hash: key.hash,
      status: "active",
      developerId: dev.id,
    });

    // Down to one policy.
    expect(await changeKeyPolicies(db, org.id, key.id, [internal.id], actor)).toMatchObject({
      ok: true,
    });
    expect(await policyIdsOfKey(db, key.id)).toEqual([internal.id]);
    expect(recorder.calls).toHaveLength(2);

    const audit = await auditOf(db, org.id, key.id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["key.policy_changed", actor.actorId],
      ["key.policy_changed", actor.actorId],
    ]);
    expect((audit[0]?.data as { policyIds: string[] }).policyIds.sort()).toEqual(
      [free.id, pro.id].sort(),
    );
    expect(audit[1]?.data).toEqual({ policyIds: [internal.id] });
  });

  it("R-KEY-POLICY-CHANGE: removing every policy is refused (at least one must remain)", async () => {
    const db = getDb();
    const { org, actor, policy, key } = await keyScene(db);
    recorder = recordKeysChanged(org.id);
    expect(await changeKeyPolicies(db, org.id, key.id, [], actor)).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { policyIds: [expect.any(String)] },
    });
    expect(await changeKeyPolicies(db, org.id, key.id, ["pol_unknown"], actor)).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { policyIds: [expect.any(String)] },
    });
    expect(await policyIdsOfKey(db, key.id)).toEqual([policy.id]);
    expect(recorder.calls).toEqual([]);
    expect(await auditOf(db, org.id, key.id)).toEqual([]);
  });

  it("R-KEY-POLICY-CHANGE: a revoked key's policies cannot be changed", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const [p1, p2] = [await makePolicy(db, org.id), await makePolicy(db, org.id)];
    const dev = await makeDeveloper(db, org.id);
    const { key } = await makeKey(db, org.id, dev.id, [p1.id], {
      status: "revoked",
      revokedAt: new Date(),
    });
    recorder = recordKeysChanged(org.id);
    expect(await changeKeyPolicies(db, org.id, key.id, [p2.id], actor)).toMatchObject({
      ok: false,
    });
    expect(await policyIdsOfKey(db, key.id)).toEqual([p1.id]);
    expect(recorder.calls).toEqual([]);
  });

  it("R-DEV-KEYS: revokeKey revokes the key, tells key caches and audits it; a second revoke is an error", async () => {
    const db = getDb();
    const { org, actor, dev, key } = await keyScene(db);
    recorder = recordKeysChanged(org.id);
    expect(await revokeKey(db, org.id, key.id, actor)).toMatchObject({
      ok: true,
      value: { developerId: dev.id },
    });
    expect(await getKeyRow(db, key.id)).toMatchObject({ status: "revoked" });
    expect((await getKeyRow(db, key.id))?.revokedAt).toBeInstanceOf(Date);
    expect(recorder.calls).toEqual([{ orgId: org.id, keyIds: [key.id] }]);
    expect((await auditOf(db, org.id, key.id)).map((a) => [a.action, a.actorId])).toEqual([
      ["key.revoked", actor.actorId],
    ]);
    expect(await revokeKey(db, org.id, key.id, actor)).toMatchObject({ ok: false });
    expect(recorder.calls).toHaveLength(1);
  });

  it("R-ORG-ISOLATION: a policy of another organisation cannot be put on a key, at creation or later", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const actorA = await adminActor(db, a.id);
    const polA = await makePolicy(db, a.id);
    const polB = await makePolicy(db, b.id);
    const devA = await makeDeveloper(db, a.id);
    expect(
      await issueKey(db, a.id, { developerId: devA.id, policyIds: [polB.id] }, actorA),
    ).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { policyIds: [expect.any(String)] },
    });
    expect(
      await issueKey(db, a.id, { developerId: devA.id, policyIds: [polA.id, polB.id] }, actorA),
    ).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { policyIds: [expect.any(String)] },
    });
    expect((await keySnapshot(db, a.id, devA.id)).keys).toEqual([]);

    const { key } = await makeKey(db, a.id, devA.id, [polA.id]);
    expect(await changeKeyPolicies(db, a.id, key.id, [polA.id, polB.id], actorA)).toMatchObject({
      ok: false,
      reason: "invalid",
      fieldErrors: { policyIds: [expect.any(String)] },
    });
    expect(await policyIdsOfKey(db, key.id)).toEqual([polA.id]);
  });

  it("R-ORG-ISOLATION: another organisation cannot issue a key to, change or revoke a key of this organisation's developer", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const actorB = await adminActor(db, b.id);
    const polA = await makePolicy(db, a.id);
    const polB = await makePolicy(db, b.id);
    const devA = await makeDeveloper(db, a.id);
    await makeKey(db, a.id, devA.id, [polA.id]);
    const before = await keySnapshot(db, a.id, devA.id);
    const keyId = before.keys[0]?.id ?? "";
    recorder = recordKeysChanged(a.id, b.id);

    expect(
      await issueKey(db, b.id, { developerId: devA.id, policyIds: [polB.id] }, actorB),
    ).toMatchObject({ ok: false, reason: "not_found", message: "Developer not found." });
    expect(await changeKeyPolicies(db, b.id, keyId, [polB.id], actorB)).toMatchObject({
      ok: false,
    });
    expect(await revokeKey(db, b.id, keyId, actorB)).toMatchObject({ ok: false });

    expect(await keySnapshot(db, a.id, devA.id)).toEqual(before);
    expect(recorder.calls).toEqual([]);
    const auditB = await db.select().from(s.auditLog).where(eq(s.auditLog.orgId, b.id));
    expect(auditB.filter((r) => r.targetId === keyId || r.action.startsWith("key."))).toEqual([]);
  });
});

describe("R-KEY-POLICY-CHANGE: key change notifications (lib/keys/invalidate.ts)", () => {
  it("R-KEY-POLICY-CHANGE: every listener hears keysChanged until it unsubscribes", () => {
    const heard: Array<[string, string[] | "all"]> = [];
    const second: string[] = [];
    const stop = onKeysChanged((orgId, keyIds) => heard.push([orgId, keyIds]));
    const stop2 = onKeysChanged((orgId) => second.push(orgId));
    keysChanged("org_test_a", ["key_1", "key_2"]);
    keysChanged("org_test_b", "all");
    stop();
    keysChanged("org_test_c", ["key_3"]);
    stop2();
    keysChanged("org_test_d", ["key_4"]);
    expect(heard).toEqual([
      ["org_test_a", ["key_1", "key_2"]],
      ["org_test_b", "all"],
    ]);
    expect(second).toEqual(["org_test_a", "org_test_b", "org_test_c"]);
  });
});
