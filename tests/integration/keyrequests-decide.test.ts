import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { Db } from "@/db";
import { countPendingKeyRequests, listKeyRequests } from "@/db/queries/key-requests";
import { getKeyView } from "@/db/queries/keys";
import * as s from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import {
  approveRequest,
  checkGenerateLink,
  declineRequest,
  GENERATE_LINK_DAYS,
  generateKeyFromLink,
} from "@/lib/keyrequests/decide";
import { requestKey } from "@/lib/keyrequests/request";
import { isWellFormedKey } from "@/lib/keys/format";
import { adminActor } from "@/lib/outcome";
import { createWebhook } from "@/lib/webhooks/admin";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg } from "../helpers/db";
import { expectFailsWhileRefusing } from "../helpers/db-fault";
import { rowsContain } from "../helpers/dev-fixtures";
import {
  auditActions,
  authTokensOf,
  emailsOf,
  emailsTo,
  keyRequestRow,
  keysIn,
  keysOfDeveloper,
  makeEntry,
  onlyEmail,
  portalUrlOf,
  setOrgSettings,
  tokenFromLink,
} from "../helpers/portal-fixtures";
import { type Receiver, startReceiver } from "./webhooks-receiver";

type Org = s.Organisation;

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** A live endpoint of the organisation listening to the approval's events. */
async function listenForApproval(db: Db, org: Org, adminId: string) {
  receiver = await startReceiver();
  const events = ["key.created", "key_request.approved"] as const;
  const created = await createWebhook(db, org.id, adminActor(adminId), {
    url: receiver.url,
    events: [...events],
  });
  if (!created.ok) throw new Error(created.message);
  return receiver;
}

/** Everything an approval writes: the request, the developer's keys, audit rows, events, emails. */
async function approvalTrace(db: Db, orgId: string, requestId: string, developerId: string) {
  const audit = await db.select().from(s.auditLog).where(eq(s.auditLog.orgId, orgId));
  const events = await db
    .select()
    .from(s.webhookDeliveries)
    .where(eq(s.webhookDeliveries.orgId, orgId));
  return {
    request: await keyRequestRow(db, requestId),
    keys: await keysOfDeveloper(db, orgId, developerId),
    audit: audit.map((a) => a.action).sort(),
    events: events.map((d) => d.event).sort(),
    emails: (await emailsOf(db, orgId)).map((m) => m.template),
  };
}

/** An organisation with admin approval, a catalog entry, a developer with a pending request, and an admin. */
async function pendingRequest(db: Db, orgOverrides: Partial<Org> = {}) {
  const org = await makeOrg(db, {
    name: `Acme ${Math.random().toString(36).slice(2, 6)}`,
    keyRequestMode: "admin",
    ...orgOverrides,
  });
  const { entry, policy } = await makeEntry(db, org.id, {
    name: "Weather & Geocoding — Pro",
    reasonFields: [{ key: "app", label: "What will you build?", type: "textarea", required: true }],
  });
  const dev = await makeDeveloper(db, org.id);
  const admin = await makeAdmin(db, org.id);
  const out = await requestKey(db, org, dev, entry, { reason_app: "A storm tracker" });
  if (!out.ok || out.value.kind !== "pending")
    throw new Error(`expected a pending request, got ${out.ok ? out.value.kind : out.message}`);
  return {
    org,
    entry,
    policy,
    dev,
    admin,
    requestId: out.value.requestId,
    actor: { actorType: "admin" as const, actorId: admin.id },
  };
}

describeEachDb("Key requests: approve and decline (lib/keyrequests/decide.ts)", (getDb) => {
  it("R-KEYREQ-RECORD: the key-requests list names the requested policy, as the legacy record does", async () => {
    const db = getDb();
    const { org, policy, requestId } = await pendingRequest(db);
    const { rows } = await listKeyRequests(db, org.id, { status: "pending" });
    expect(rows.map((r) => [r.request.id, r.policyNames])).toEqual([[requestId, [policy.name]]]);
  });

  it("R-KEYREQ-APPROVE: approving issues the developer a key carrying the entry's policy and links it to the request", async () => {
    const db = getDb();
    const { org, dev, policy, requestId, actor, admin } = await pendingRequest(db);

    const r = await approveRequest(db, org, requestId, actor, portalUrlOf(org));
    expect(r).toMatchObject({ ok: true, value: { delivery: "email" } });
    if (!r.ok || !r.value.keyId) throw new Error("approval failed");
    const key = await getKeyView(db, org.id, r.value.keyId);
    expect(key).toMatchObject({ developerId: dev.id, status: "active" });
    expect(key?.policies.map((p) => p.policyId)).toEqual([policy.id]);
    expect(await keyRequestRow(db, requestId)).toMatchObject({
      status: "approved",
      keyId: r.value.keyId,
      decidedByAdminId: admin.id,
      decidedBy: null,
    });
    expect(await countPendingKeyRequests(db, org.id)).toBe(0);
    const audit = await auditActions(db, org.id, requestId);
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ["key_request.created", "developer", dev.id],
      ["key_request.approved", "admin", admin.id],
    ]);
    expect(audit[1]?.data).toMatchObject({ keyId: r.value.keyId, delivery: "email" });
  });

  it("R-KEY-EMAIL: the approval email (template keyApproved) holds the key, whose hash is the stored key's; no other row holds it", async () => {
    const db = getDb();
    const { org, dev, requestId, actor } = await pendingRequest(db);
    const r = await approveRequest(db, org, requestId, actor, portalUrlOf(org));
    if (!r.ok || !r.value.keyId) throw new Error("approval failed");

    const mail = await onlyEmail(db, org.id, dev.email, "keyApproved");
    expect(mail.subject).toBe("Your key for Weather & Geocoding — Pro");
    expect(mail.status).toBe("stored");
    const [inText] = keysIn(mail.text);
    expect(inText && isWellFormedKey(inText)).toBe(true);
    expect(keysIn(mail.html)).toContain(inText);
    const key = await getKeyView(db, org.id, r.value.keyId);
    expect(key?.hash).toBe(sha256Hex(inText ?? ""));
    expect(mail.text).toContain(`${portalUrlOf(org)}/dashboard`);
    // The plaintext exists in the email only: not in the key, request or audit rows.
    expect(
      rowsContain(
        [key, await keyRequestRow(db, requestId), ...(await auditActions(db, org.id, requestId))],
        inText ?? "-",
      ),
    ).toBe(false);
  });

  it("R-KEYREQ-APPROVE: a request is decided once: approve twice, decline after approve, approve after decline are refused", async () => {
    const db = getDb();
    const a = await pendingRequest(db);
    expect((await approveRequest(db, a.org, a.requestId, a.actor, portalUrlOf(a.org))).ok).toBe(
      true,
    );
    expect(await approveRequest(db, a.org, a.requestId, a.actor, portalUrlOf(a.org))).toMatchObject(
      { ok: false, reason: "conflict", message: "This request was already decided." },
    );
    expect(
      await declineRequest(db, a.org, a.requestId, a.actor, "too late", portalUrlOf(a.org)),
    ).toMatchObject({
      ok: false,
      reason: "conflict",
      message: "This request was already decided.",
    });
    expect(await keysOfDeveloper(db, a.org.id, a.dev.id)).toHaveLength(1);
    expect(await keyRequestRow(db, a.requestId)).toMatchObject({
      status: "approved",
      declineReason: null,
    });

    const b = await pendingRequest(db);
    expect(
      (await declineRequest(db, b.org, b.requestId, b.actor, "no", portalUrlOf(b.org))).ok,
    ).toBe(true);
    expect(await approveRequest(db, b.org, b.requestId, b.actor, portalUrlOf(b.org))).toMatchObject(
      { ok: false, reason: "conflict", message: "This request was already decided." },
    );
    expect(await keysOfDeveloper(db, b.org.id, b.dev.id)).toEqual([]);
    expect(await emailsTo(db, b.org.id, b.dev.email, "keyApproved")).toEqual([]);
  });

  it("R-KEYREQ-APPROVE: two admins approving at the same moment issue exactly one key and one email", async () => {
    const db = getDb();
    const { org, dev, requestId, actor } = await pendingRequest(db);
    const other = { actorType: "admin" as const, actorId: (await makeAdmin(db, org.id)).id };
    const results = await Promise.all([
      approveRequest(db, org, requestId, actor, portalUrlOf(org)),
      approveRequest(db, org, requestId, other, portalUrlOf(org)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await keysOfDeveloper(db, org.id, dev.id)).toHaveLength(1);
    expect(await emailsTo(db, org.id, dev.email, "keyApproved")).toHaveLength(1);
  });

  it("R-KEYREQ-APPROVE: when the key insert fails mid-approval nothing is kept: the request stays pending, no key, audit row, event or email; approving again works", async () => {
    const db = getDb();
    const { org, dev, admin, requestId, actor } = await pendingRequest(db);
    const hooks = await listenForApproval(db, org, admin.id);
    const before = await approvalTrace(db, org.id, requestId, dev.id);
    expect(before.request).toMatchObject({ status: "pending", keyId: null, decidedAt: null });

    await expectFailsWhileRefusing(
      db,
      { table: "keys", op: "INSERT", column: "developer_id", value: dev.id },
      () => approveRequest(db, org, requestId, actor, portalUrlOf(org)),
    );
    expect(await approvalTrace(db, org.id, requestId, dev.id)).toEqual(before);
    expect(hooks.received).toEqual([]);

    // Still pending, so an admin can approve it once the fault is gone; events go out after commit.
    const r = await approveRequest(db, org, requestId, actor, portalUrlOf(org));
    expect(r).toMatchObject({ ok: true, value: { delivery: "email" } });
    const after = await approvalTrace(db, org.id, requestId, dev.id);
    expect(after.request).toMatchObject({ status: "approved", keyId: after.keys[0]?.id });
    expect(after.events).toEqual(["key.created", "key_request.approved"]);
    expect(after.emails).toEqual(["keyApproved"]);
    const delivered = await hooks.waitFor(2);
    expect(delivered.map((d) => (JSON.parse(d.body) as { type: string }).type).sort()).toEqual([
      "key.created",
      "key_request.approved",
    ]);
  });

  it("R-KEYREQ-MODES: when the key insert fails during auto-approval the request stays pending for an admin, with no key, approval audit or event", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "auto" });
    const { entry } = await makeEntry(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    await listenForApproval(db, org, (await makeAdmin(db, org.id)).id);
    await expectFailsWhileRefusing(
      db,
      { table: "keys", op: "INSERT", column: "developer_id", value: dev.id },
      () => requestKey(db, org, dev, entry, {}),
    );
    const [request] = await db
      .select()
      .from(s.keyRequests)
      .where(eq(s.keyRequests.developerId, dev.id));
    if (!request) throw new Error("the request was not recorded");
    // Recording the request committed on its own; the approval left nothing behind.
    expect(await approvalTrace(db, org.id, request.id, dev.id)).toEqual({
      request: expect.objectContaining({ status: "pending", keyId: null, decidedAt: null }),
      keys: [],
      audit: ["key_request.created", "webhook.created"],
      events: [],
      emails: [],
    });
  });

  it("R-KEYREQ-APPROVE: an unknown request id is 'not found'", async () => {
    const db = getDb();
    const { org, actor } = await pendingRequest(db);
    expect(
      await approveRequest(db, org, "kreq_doesnotexist", actor, portalUrlOf(org)),
    ).toMatchObject({ ok: false, reason: "not_found", message: "Key request not found." });
    expect(
      await declineRequest(db, org, "kreq_doesnotexist", actor, null, portalUrlOf(org)),
    ).toMatchObject({ ok: false, reason: "not_found", message: "Key request not found." });
  });

  it("R-KEYREQ-DECLINE: declining keeps the decision and reason, emails the developer and writes key_request.declined with the reason", async () => {
    const db = getDb();
    const { org, dev, admin, entry, requestId, actor } = await pendingRequest(db);

    const r = await declineRequest(
      db,
      org,
      requestId,
      actor,
      "Please use a company email address",
      portalUrlOf(org),
    );
    expect(r).toMatchObject({ ok: true });
    expect(await keyRequestRow(db, requestId)).toMatchObject({
      status: "declined",
      declineReason: "Please use a company email address",
      decidedByAdminId: admin.id,
      keyId: null,
    });
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);

    // Gone from the pending list; the decision is kept for the developer's "My keys" and the audit log.
    expect((await listKeyRequests(db, org.id, { status: "pending" })).total).toBe(0);
    expect(await countPendingKeyRequests(db, org.id)).toBe(0);
    const audit = (await auditActions(db, org.id, requestId)).find(
      (a) => a.action === "key_request.declined",
    );
    expect(audit).toMatchObject({
      actorType: "admin",
      actorId: admin.id,
      targetType: "key_request",
    });
    expect(audit?.data).toMatchObject({
      reason: "Please use a company email address",
      developerId: dev.id,
      catalogEntryId: entry.id,
    });

    const mail = await onlyEmail(db, org.id, dev.email, "keyRequestDeclined");
    expect(mail.subject).toBe(`Your request for ${entry.name}`);
    expect(mail.text).toContain("Please use a company email address");
    expect(mail.text).toContain(`${portalUrlOf(org)}/keys`);
  });

  it("R-KEYREQ-DECLINE: the reason is optional; without one the email says so and the audit keeps null", async () => {
    const db = getDb();
    const { org, dev, requestId, actor } = await pendingRequest(db);
    expect(await declineRequest(db, org, requestId, actor, null, portalUrlOf(org))).toMatchObject({
      ok: true,
    });
    expect(await keyRequestRow(db, requestId)).toMatchObject({
      status: "declined",
      declineReason: null,
    });
    expect((await onlyEmail(db, org.id, dev.email, "keyRequestDeclined")).text).toContain(
      "No reason was given.",
    );
    expect(
      (await auditActions(db, org.id, requestId)).find((a) => a.action === "key_request.declined")
        ?.data,
    ).toMatchObject({ reason: null });
  });

  it("R-ORG-ISOLATION: an admin of another organisation can neither approve nor decline the request", async () => {
    const db = getDb();
    const a = await pendingRequest(db);
    const b = await pendingRequest(db);
    expect(await approveRequest(db, b.org, a.requestId, b.actor, portalUrlOf(b.org))).toMatchObject(
      { ok: false, reason: "not_found", message: "Key request not found." },
    );
    expect(
      await declineRequest(db, b.org, a.requestId, b.actor, "x", portalUrlOf(b.org)),
    ).toMatchObject({ ok: false, reason: "not_found", message: "Key request not found." });
    expect(await keyRequestRow(db, a.requestId)).toMatchObject({ status: "pending" });
    expect(await emailsOf(db, b.org.id)).toEqual([]);
  });
});

describeEachDb("Key requests: secure key approval (R-KEY-SECURE-APPROVAL)", (getDb) => {
  async function secureApproval(db: Db) {
    const p = await pendingRequest(db, { secureKeyApproval: true });
    const r = await approveRequest(db, p.org, p.requestId, p.actor, portalUrlOf(p.org));
    const mail = await onlyEmail(db, p.org.id, p.dev.email, "keyGenerate");
    const token = tokenFromLink(mail.text, `${portalUrlOf(p.org)}/keys/generate`);
    return { ...p, r, mail, token };
  }

  it("R-KEY-SECURE-APPROVAL: approval creates no key; the email holds a single-use 'Generate key' link and no key", async () => {
    const db = getDb();
    const { org, dev, entry, requestId, r, mail, token } = await secureApproval(db);
    expect(r).toMatchObject({ ok: true, value: { delivery: "generate_link", keyId: null } });
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);
    expect(await keyRequestRow(db, requestId)).toMatchObject({ status: "approved", keyId: null });
    expect(mail.subject).toBe(`Generate your key for ${entry.name}`);
    expect(keysIn(mail.text)).toEqual([]);
    expect(keysIn(mail.html)).toEqual([]);
    expect(mail.html).toContain(`/keys/generate/${token}`);
    expect(await emailsTo(db, org.id, dev.email, "keyApproved")).toEqual([]);
    expect(
      (await auditActions(db, org.id, requestId)).find((a) => a.action === "key_request.approved")
        ?.data,
    ).toMatchObject({ delivery: "generate_link" });
  });

  it("R-KEY-SECURE-APPROVAL: only the SHA-256 of the link token is stored, and the link expires in 7 days", async () => {
    const db = getDb();
    const { org, dev, requestId, token } = await secureApproval(db);
    const rows = await authTokensOf(db, org.id, dev.id, "key_generation");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tokenHash: sha256Hex(token),
      subjectType: "developer",
      usedAt: null,
      data: { requestId },
    });
    expect(rowsContain(rows, token)).toBe(false);
    const ttl = (rows[0]?.expiresAt.getTime() ?? 0) - (rows[0]?.createdAt.getTime() ?? 0);
    expect(Math.abs(ttl - GENERATE_LINK_DAYS * 86400_000)).toBeLessThan(60_000);
  });

  it("R-KEY-SECURE-APPROVAL: another developer is refused without spending the link; the right developer gets the key once; a second time is refused", async () => {
    const db = getDb();
    const { org, dev, policy, requestId, token } = await secureApproval(db);
    const intruder = await makeDeveloper(db, org.id);

    expect(await checkGenerateLink(db, org.id, intruder.id, token)).toBe("other_account");
    expect(await generateKeyFromLink(db, org.id, intruder.id, token)).toMatchObject({
      ok: false,
      reason: "forbidden",
      message: "This link belongs to another developer account.",
    });
    expect(await keysOfDeveloper(db, org.id, intruder.id)).toEqual([]);
    expect((await authTokensOf(db, org.id, dev.id, "key_generation"))[0]?.usedAt).toBeNull();

    expect(await checkGenerateLink(db, org.id, dev.id, token)).toBe("ok");
    const got = await generateKeyFromLink(db, org.id, dev.id, token);
    if (!got.ok) throw new Error(got.message);
    expect(isWellFormedKey(got.value.key)).toBe(true);
    const keys = await keysOfDeveloper(db, org.id, dev.id);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.hash).toBe(sha256Hex(got.value.key));
    expect(
      (await getKeyView(db, org.id, keys[0]?.id ?? ""))?.policies.map((p) => p.policyId),
    ).toEqual([policy.id]);
    expect(await keyRequestRow(db, requestId)).toMatchObject({
      status: "approved",
      keyId: keys[0]?.id,
    });
    expect((await auditActions(db, org.id, requestId)).map((a) => a.action)).toContain(
      "key.generated_from_link",
    );

    expect(await checkGenerateLink(db, org.id, dev.id, token)).toBe("invalid");
    expect(await generateKeyFromLink(db, org.id, dev.id, token)).toMatchObject({
      ok: false,
      reason: "not_found",
      message: "This link has expired or was already used.",
    });
    expect(await generateKeyFromLink(db, org.id, intruder.id, token)).toMatchObject({ ok: false });
    expect(await keysOfDeveloper(db, org.id, dev.id)).toHaveLength(1);
  });

  it("R-KEY-SECURE-APPROVAL: two tabs following the link at once get one key", async () => {
    const db = getDb();
    const { org, dev, token } = await secureApproval(db);
    const results = await Promise.all([
      generateKeyFromLink(db, org.id, dev.id, token),
      generateKeyFromLink(db, org.id, dev.id, token),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await keysOfDeveloper(db, org.id, dev.id)).toHaveLength(1);
  });

  it("R-KEY-SECURE-APPROVAL: an expired link is refused", async () => {
    const db = getDb();
    const { org, dev, token } = await secureApproval(db);
    await db
      .update(s.authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(s.authTokens.tokenHash, sha256Hex(token)));
    expect(await checkGenerateLink(db, org.id, dev.id, token)).toBe("invalid");
    expect(await generateKeyFromLink(db, org.id, dev.id, token)).toMatchObject({
      ok: false,
      reason: "not_found",
      message: "This link has expired or was already used.",
    });
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);
  });

  it("R-ORG-ISOLATION: a 'Generate key' link does not work under another organisation", async () => {
    const db = getDb();
    const { org, dev, token } = await secureApproval(db);
    const other = await makeOrg(db);
    expect(await checkGenerateLink(db, other.id, dev.id, token)).toBe("invalid");
    expect((await generateKeyFromLink(db, other.id, dev.id, token)).ok).toBe(false);
    // Still usable where it belongs.
    expect((await generateKeyFromLink(db, org.id, dev.id, token)).ok).toBe(true);
  });

  it("R-KEY-SECURE-APPROVAL: a developer with two approved requests can follow both 'Generate key' links", async () => {
    const db = getDb();
    const first = await secureApproval(db);
    const { entry: second } = await makeEntry(db, first.org.id, { name: "Payments — Partners" });
    const out = await requestKey(db, first.org, first.dev, second, {});
    if (!out.ok || out.value.kind !== "pending")
      throw new Error(`expected a pending request, got ${out.ok ? out.value.kind : out.message}`);
    expect(
      (
        await approveRequest(
          db,
          first.org,
          out.value.requestId,
          first.actor,
          portalUrlOf(first.org),
        )
      ).ok,
    ).toBe(true);
    const secondMail = (await emailsTo(db, first.org.id, first.dev.email, "keyGenerate")).find(
      (m) => m.subject.includes("Payments"),
    );
    const secondToken = tokenFromLink(
      secondMail?.text ?? "",
      `${portalUrlOf(first.org)}/keys/generate`,
    );

    // Each approval is its own link: approving the second request must not void the first one's.
    const a = await generateKeyFromLink(db, first.org.id, first.dev.id, first.token);
    const b = await generateKeyFromLink(db, first.org.id, first.dev.id, secondToken);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(await keysOfDeveloper(db, first.org.id, first.dev.id)).toHaveLength(2);
  });

  it("R-KEY-SECURE-APPROVAL: with the setting off again, approval emails the key as usual", async () => {
    const db = getDb();
    const p = await pendingRequest(db, { secureKeyApproval: true });
    const org = await setOrgSettings(db, p.org.id, { secureKeyApproval: false });
    const r = await approveRequest(db, org, p.requestId, p.actor, portalUrlOf(org));
    expect(r).toMatchObject({ ok: true, value: { delivery: "email" } });
    expect(keysIn((await onlyEmail(db, org.id, p.dev.email, "keyApproved")).text)).toHaveLength(1);
  });
});
