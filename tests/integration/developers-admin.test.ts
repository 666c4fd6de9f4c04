import { and, eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { findDeveloperByEmail, getDeveloper } from "@/db/queries/developers";
import { getEmail, listEmails } from "@/db/queries/outbox";
import * as s from "@/db/schema";
import { authenticateDeveloper } from "@/lib/auth/credentials";
import { verifyPassword } from "@/lib/auth/password";
import { checkLinkToken } from "@/lib/auth/tokens";
import { sha256Hex } from "@/lib/crypto";
import {
  addDeveloper,
  editDeveloper,
  INVITATION_TTL_HOURS,
  removeDeveloper,
  setDeveloperStatus,
} from "@/lib/developers/admin";
import { createWebhook } from "@/lib/webhooks/admin";
import {
  describeEachDb,
  makeDeveloper,
  makeOrg,
  randomEmail,
  randomHex,
  TEST_PASSWORD,
} from "../helpers/db";
import { expectFailsWhileRefusing } from "../helpers/db-fault";
import {
  adminActor,
  auditOf,
  getKeyRow,
  keySnapshot,
  makeApi,
  keyScene,
  makeKey,
  makePolicy,
  addUsage,
  recordKeysChanged,
  rowsContain,
} from "../helpers/dev-fixtures";

const BASE_URL = "https://portal.example.test";
const HOUR = 3600_000;

function profile(
  overrides: Partial<{
    email: string;
    name: string;
    telephone: string | null;
    country: string | null;
    customFields: Record<string, string | boolean>;
  }> = {},
) {
  return {
    email: randomEmail("added"),
    name: "Added Developer",
    telephone: "+44 20 7946 0123",
    country: "GB",
    customFields: { company: "Initech" },
    ...overrides,
  };
}

let recorder: ReturnType<typeof recordKeysChanged> | undefined;
afterEach(() => {
  recorder?.stop();
  recorder = undefined;
});

describeEachDb("Developers: admin functions (lib/developers/admin.ts)", (getDb) => {
  it("R-DEV-ADD: adding with a password creates an active, verified developer who can log in, and audits it", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const email = `New.Person.${randomHex()}@Example.TEST`;
    const r = await addDeveloper(
      db,
      org,
      {
        ...profile({ email, customFields: { company: "Globex", use_case: "Research" } }),
        access: "password",
        password: "a-good-password",
      },
      actor,
      BASE_URL,
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.value.invited).toBe(false);
    const dev = await getDeveloper(db, org.id, r.value.developerId);
    expect(dev).toMatchObject({
      email: email.toLowerCase(),
      name: "Added Developer",
      telephone: "+44 20 7946 0123",
      country: "GB",
      customFields: { company: "Globex", use_case: "Research" },
      status: "active",
    });
    expect(dev?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyPassword("a-good-password", dev?.passwordHash ?? "")).toBe(true);
    expect(dev?.passwordHash).not.toContain("a-good-password");
    expect(await authenticateDeveloper(db, org.slug, email, "a-good-password")).toMatchObject({
      kind: "developer",
      uid: r.value.developerId,
      orgId: org.id,
    });
    // No invitation for a developer whose password the admin set.
    expect((await listEmails(db, org.id)).total).toBe(0);
    const audit = await auditOf(db, org.id, r.value.developerId);
    expect(audit.map((a) => [a.action, a.actorType, a.actorId, a.targetType])).toEqual([
      ["developer.created", "admin", actor.actorId, "developer"],
    ]);
    expect(audit[0]?.data).toEqual({ access: "password" });
  });

  it("R-DEV-ADD: adding with an invitation emails a single-use link; only the SHA-256 of its token is stored", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const before = Date.now();
    const r = await addDeveloper(
      db,
      org,
      { ...profile(), access: "invite", password: null },
      actor,
      BASE_URL,
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.value.invited).toBe(true);
    const dev = await getDeveloper(db, org.id, r.value.developerId);
    if (!dev) throw new Error("developer not created");
    expect(dev.passwordHash).toBeNull();
    expect(dev.emailVerifiedAt).toBeNull();

    // The invitation lands in the outbox (no Resend key in tests), addressed to the developer.
    const { rows, total } = await listEmails(db, org.id);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ to: dev.email, template: "invitation", status: "stored" });
    const mail = await getEmail(db, org.id, rows[0]?.id ?? "");
    if (!mail) throw new Error("email not readable");
    expect(mail.subject).toContain(org.name);
    const link = new RegExp(`${BASE_URL.replace(/[.]/g, "\\.")}/${org.slug}/invite/([A-Za-z0-9]+)`);
    const match = link.exec(mail.text);
    expect(match, `no invitation link in:\n${mail.text}`).not.toBeNull();
    const token = match?.[1] ?? "";
    expect(token.length).toBeGreaterThanOrEqual(20);
    expect(mail.html).toContain(`/${org.slug}/invite/${token}`);

    // auth_tokens holds an invitation for the developer with the hash of the token, never the token.
    const tokens = await db
      .select()
      .from(s.authTokens)
      .where(and(eq(s.authTokens.orgId, org.id), eq(s.authTokens.subjectId, dev.id)));
    expect(tokens).toHaveLength(1);
    const [row] = tokens;
    expect(row).toMatchObject({
      kind: "invitation",
      subjectType: "developer",
      tokenHash: sha256Hex(token),
      usedAt: null,
    });
    const expiresIn = (row?.expiresAt.getTime() ?? 0) - before;
    expect(expiresIn).toBeGreaterThan(INVITATION_TTL_HOURS * HOUR - 60_000);
    expect(expiresIn).toBeLessThan(INVITATION_TTL_HOURS * HOUR + 60_000);
    const everyToken = await db.select().from(s.authTokens);
    expect(rowsContain(everyToken, token)).toBe(false);
    // The link is valid for this organisation only.
    expect((await checkLinkToken(db, org.id, "invitation", token))?.subjectId).toBe(dev.id);
    const other = await makeOrg(db);
    expect(await checkLinkToken(db, other.id, "invitation", token)).toBeNull();
    // Until the developer sets a password, nothing logs in.
    expect(await authenticateDeveloper(db, org.slug, dev.email, "")).toBeNull();
    expect((await auditOf(db, org.id, dev.id))[0]).toMatchObject({
      action: "developer.created",
      data: { access: "invite" },
    });
  });

  it("R-DEV-ADD: an email already used in the organisation (any case) is a field error on email", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const existing = await makeDeveloper(db, org.id, { name: "First" });
    const r = await addDeveloper(
      db,
      org,
      {
        ...profile({ email: existing.email.toUpperCase(), name: "Second" }),
        access: "invite",
        password: null,
      },
      actor,
      BASE_URL,
    );
    expect(r).toMatchObject({
      ok: false,
      reason: "conflict",
      fieldErrors: { email: [expect.any(String)] },
    });
    expect(await findDeveloperByEmail(db, org.id, existing.email)).toMatchObject({
      id: existing.id,
      name: "First",
    });
    // Nothing was sent and no token issued for the refused add.
    expect((await listEmails(db, org.id)).total).toBe(0);
    expect(await db.select().from(s.authTokens).where(eq(s.authTokens.orgId, org.id))).toEqual([]);
  });

  it("R-DEV-EDIT: editDeveloper changes every profile field (custom ones too) and audits the changed fields", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const dev = await makeDeveloper(db, org.id, {
      name: "Old",
      telephone: null,
      country: "GB",
      customFields: { company: "Initech" },
    });
    const input = {
      email: `Edited.${randomHex()}@Example.test`,
      name: "New",
      telephone: "+49 30 1234567",
      country: "DE",
      customFields: { company: "Globex", newsletter: true },
    };
    expect(await editDeveloper(db, org.id, dev.id, input, actor)).toMatchObject({ ok: true });
    const after = await getDeveloper(db, org.id, dev.id);
    expect(after).toMatchObject({ ...input, email: input.email.toLowerCase() });
    // Editing the profile is not a password change or a deactivation.
    expect(after).toMatchObject({
      passwordHash: dev.passwordHash,
      status: "active",
      sessionVersion: dev.sessionVersion,
    });
    const audit = await auditOf(db, org.id, dev.id);
    expect(audit.map((a) => a.action)).toEqual(["developer.updated"]);
    expect(audit[0]?.actorId).toBe(actor.actorId);
    expect((audit[0]?.data as { fields: string[] }).fields.sort()).toEqual([
      "country",
      "customFields",
      "email",
      "name",
      "telephone",
    ]);
  });

  it("R-SEC-EMAIL-CHANGE: when an admin changes a developer's email, the old address is told; other edits send nothing", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const dev = await makeDeveloper(db, org.id, { name: "Ada" });
    const profile = {
      email: dev.email,
      name: "Ada L.",
      telephone: null,
      country: null,
      customFields: {},
    };
    expect(await editDeveloper(db, org.id, dev.id, profile, actor)).toMatchObject({ ok: true });
    expect((await listEmails(db, org.id)).total).toBe(0);
    const newEmail = `moved.${randomHex()}@example.test`;
    expect(
      await editDeveloper(db, org.id, dev.id, { ...profile, email: newEmail }, actor),
    ).toMatchObject({ ok: true });
    const { rows } = await listEmails(db, org.id);
    expect(rows.map((r) => [r.to, r.template])).toEqual([[dev.email, "emailChangedByAdmin"]]);
    const notice = await getEmail(db, org.id, rows[0]?.id ?? "");
    expect(notice?.text).toContain(newEmail);
  });

  it("R-DEV-EDIT: editing a developer never changes their keys or the keys' policies", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const [free, pro] = [
      await makePolicy(db, org.id, { name: "Free" }),
      await makePolicy(db, org.id, { name: "Pro", keyExpiresInSeconds: 86400 }),
    ];
    const dev = await makeDeveloper(db, org.id);
    await makeKey(db, org.id, dev.id, [free.id], { alias: "one" });
    await makeKey(db, org.id, dev.id, [free.id, pro.id], {
      alias: "two",
      expiresAt: new Date(Date.now() + 86400_000),
    });
    await makeKey(db, org.id, dev.id, [pro.id], { status: "revoked", revokedAt: new Date() });
    const before = await keySnapshot(db, org.id, dev.id);
    expect(before.keys).toHaveLength(3);
    expect(before.keyPolicies).toHaveLength(4);

    const r = await editDeveloper(
      db,
      org.id,
      dev.id,
      {
        email: randomEmail("moved"),
        name: "Renamed",
        telephone: "+1 555 0100",
        country: "US",
        customFields: { company: "Hooli" },
      },
      actor,
    );
    expect(r).toMatchObject({ ok: true });
    expect(await keySnapshot(db, org.id, dev.id)).toEqual(before);
  });

  it("R-DEV-EDIT: editing to another developer's email is a field error and changes nothing", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const other = await makeDeveloper(db, org.id);
    const dev = await makeDeveloper(db, org.id, { name: "Keep", telephone: "123" });
    const r = await editDeveloper(
      db,
      org.id,
      dev.id,
      {
        email: other.email.toUpperCase(),
        name: "Lost",
        telephone: null,
        country: null,
        customFields: {},
      },
      actor,
    );
    expect(r).toMatchObject({
      ok: false,
      reason: "conflict",
      fieldErrors: { email: [expect.any(String)] },
    });
    expect(await getDeveloper(db, org.id, dev.id)).toMatchObject({
      email: dev.email,
      name: "Keep",
      telephone: "123",
    });
    expect(await auditOf(db, org.id, dev.id)).toEqual([]);
  });

  it("R-DEV-DEACTIVATE: deactivating refuses login, ends sessions (session_version +1) and notifies key caches; reactivating restores login", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).not.toBeNull();
    recorder = recordKeysChanged(org.id);

    expect(await setDeveloperStatus(db, org.id, dev.id, "inactive", actor)).toMatchObject({
      ok: true,
    });
    const off = await getDeveloper(db, org.id, dev.id);
    expect(off).toMatchObject({ status: "inactive", sessionVersion: dev.sessionVersion + 1 });
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toBeNull();
    expect(recorder.calls).toEqual([{ orgId: org.id, keyIds: "all" }]);

    expect(await setDeveloperStatus(db, org.id, dev.id, "active", actor)).toMatchObject({
      ok: true,
    });
    const on = await getDeveloper(db, org.id, dev.id);
    expect(on?.status).toBe("active");
    // Sessions ended by the deactivation stay ended.
    expect(on?.sessionVersion).toBe(dev.sessionVersion + 1);
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toMatchObject({
      uid: dev.id,
      sv: dev.sessionVersion + 1,
    });
    expect(recorder.calls).toHaveLength(2);
    // (Login attempts may be audited too: only the admin's actions are checked here.)
    const byAdmin = (await auditOf(db, org.id, dev.id)).filter((a) => a.actorType === "admin");
    expect(byAdmin.map((a) => [a.action, a.actorId])).toEqual([
      ["developer.deactivated", actor.actorId],
      ["developer.reactivated", actor.actorId],
    ]);
  });

  it("R-DEV-DEACTIVATE: deleting a developer revokes their keys, then deletes them; the audit log keeps developer.deleted", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    const api = await makeApi(db, org.id);
    const policy = await makePolicy(db, org.id, {}, [{ apiId: api.id }]);
    const dev = await makeDeveloper(db, org.id);
    const bystander = await makeDeveloper(db, org.id);
    const k1 = await makeKey(db, org.id, dev.id, [policy.id]);
    const k2 = await makeKey(db, org.id, dev.id, [policy.id]);
    const already = await makeKey(db, org.id, dev.id, [policy.id], {
      status: "revoked",
      revokedAt: new Date(),
    });
    const kept = await makeKey(db, org.id, bystander.id, [policy.id]);
    await addUsage(db, [{ key: k1.key, apiId: api.id, hour: "2026-03-01T10:00:00Z", requests: 5 }]);
    recorder = recordKeysChanged(org.id);

    expect(await removeDeveloper(db, org.id, dev.id, actor)).toMatchObject({ ok: true });
    expect(await getDeveloper(db, org.id, dev.id)).toBeNull();
    // No key of the deleted developer can still be used: each row is gone with its developer.
    expect(await Promise.all([k1, k2, already].map((k) => getKeyRow(db, k.key.id)))).toEqual([
      null,
      null,
      null,
    ]);
    expect(
      await db
        .select()
        .from(s.keys)
        .where(and(eq(s.keys.developerId, dev.id), eq(s.keys.status, "active"))),
    ).toEqual([]);
    // Gateway caches learn which keys were revoked.
    expect(recorder.calls).toHaveLength(1);
    expect(recorder.calls[0]?.orgId).toBe(org.id);
    expect([...(recorder.calls[0]?.keyIds as string[])].sort()).toEqual(
      [k1.key.id, k2.key.id].sort(),
    );
    // The other developer and their key are untouched.
    expect(await getDeveloper(db, org.id, bystander.id)).not.toBeNull();
    expect(await getKeyRow(db, kept.key.id)).toMatchObject({ status: "active", revokedAt: null });

    const audit = await auditOf(db, org.id, dev.id);
    expect(audit.map((a) => a.action)).toEqual(["developer.deleted"]);
    expect(audit[0]).toMatchObject({
      actorType: "admin",
      actorId: actor.actorId,
      targetType: "developer",
    });
    const data = audit[0]?.data as { email: string; revokedKeys: string[] };
    expect(data.email).toBe(dev.email);
    expect([...data.revokedKeys].sort()).toEqual([k1.key.id, k2.key.id].sort());
  });

  it("R-DEV-DEACTIVATE: when deleting the developer fails, the whole removal rolls back: keys stay active; no audit row, key.revoked event or key cache notice", async () => {
    const db = getDb();
    const { org, actor, dev, key } = await keyScene(db);
    const hook = await createWebhook(db, org.id, actor, {
      url: "https://hooks.example.test/gatehouse",
      events: ["key.revoked"],
    });
    if (!hook.ok) throw new Error(hook.message);
    recorder = recordKeysChanged(org.id);

    await expectFailsWhileRefusing(
      db,
      { table: "developers", op: "DELETE", column: "id", value: dev.id },
      () => removeDeveloper(db, org.id, dev.id, actor),
    );
    expect(await getDeveloper(db, org.id, dev.id)).toMatchObject({ id: dev.id, status: "active" });
    expect(await getKeyRow(db, key.id)).toMatchObject({ status: "active", revokedAt: null });
    expect(await auditOf(db, org.id, dev.id)).toEqual([]);
    expect(
      await db.select().from(s.webhookDeliveries).where(eq(s.webhookDeliveries.orgId, org.id)),
    ).toEqual([]);
    expect(recorder.calls).toEqual([]);
  });

  it("R-DEV-DEACTIVATE: removing an unknown developer is an error", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await adminActor(db, org.id);
    expect(await removeDeveloper(db, org.id, "dev_unknown", actor)).toMatchObject({
      ok: false,
      reason: "not_found",
      message: "Developer not found.",
    });
    expect(await setDeveloperStatus(db, org.id, "dev_unknown", "inactive", actor)).toMatchObject({
      ok: false,
      reason: "not_found",
      message: "Developer not found.",
    });
    expect(await editDeveloper(db, org.id, "dev_unknown", profile(), actor)).toMatchObject({
      ok: false,
      reason: "not_found",
      message: "Developer not found.",
    });
  });

  it("R-ORG-ISOLATION: the same email may be added in two organisations as two unrelated accounts", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const email = randomEmail("twice");
    const ra = await addDeveloper(
      db,
      a,
      { ...profile({ email }), access: "password", password: "password-in-a" },
      await adminActor(db, a.id),
      BASE_URL,
    );
    const rb = await addDeveloper(
      db,
      b,
      { ...profile({ email }), access: "invite", password: null },
      await adminActor(db, b.id),
      BASE_URL,
    );
    if (!ra.ok || !rb.ok) throw new Error("add failed");
    expect(ra.value.developerId).not.toBe(rb.value.developerId);
    // The invitation is in B's outbox only.
    expect((await listEmails(db, a.id)).total).toBe(0);
    expect((await listEmails(db, b.id)).rows.map((m) => m.to)).toEqual([email]);
    expect(await authenticateDeveloper(db, a.slug, email, "password-in-a")).toMatchObject({
      orgId: a.id,
    });
    expect(await authenticateDeveloper(db, b.slug, email, "password-in-a")).toBeNull();
  });

  it("R-ORG-ISOLATION: another organisation's admin cannot edit, deactivate or delete a developer (and no key cache is told)", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const actorB = await adminActor(db, b.id);
    const policy = await makePolicy(db, a.id);
    const dev = await makeDeveloper(db, a.id, { name: "Owned by A" });
    const key = await makeKey(db, a.id, dev.id, [policy.id]);
    recorder = recordKeysChanged(a.id, b.id);

    const notFound = { ok: false, reason: "not_found", message: "Developer not found." };
    expect(await editDeveloper(db, b.id, dev.id, profile({ name: "Hijacked" }), actorB)).toEqual(
      notFound,
    );
    expect(await setDeveloperStatus(db, b.id, dev.id, "inactive", actorB)).toEqual(notFound);
    expect(await removeDeveloper(db, b.id, dev.id, actorB)).toEqual(notFound);

    expect(await getDeveloper(db, a.id, dev.id)).toMatchObject({
      name: "Owned by A",
      email: dev.email,
      status: "active",
      sessionVersion: dev.sessionVersion,
    });
    expect(await getKeyRow(db, key.key.id)).toMatchObject({ status: "active", revokedAt: null });
    expect(await authenticateDeveloper(db, a.slug, dev.email, TEST_PASSWORD)).not.toBeNull();
    expect(recorder.calls).toEqual([]);
    const auditB = await db.select().from(s.auditLog).where(eq(s.auditLog.orgId, b.id));
    expect(auditB.filter((r) => r.targetId === dev.id)).toEqual([]);
    expect((await auditOf(db, a.id, dev.id)).filter((r) => r.actorType === "admin")).toEqual([]);
  });
});
