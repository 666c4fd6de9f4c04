import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { findPendingRequest } from "@/db/queries/catalog-public";
import { listDeveloperKeyRequests } from "@/db/queries/key-requests";
import { getKeyView } from "@/db/queries/keys";
import { listEmails } from "@/db/queries/outbox";
import * as s from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { approvalModeOf, type RequestResult, requestKey } from "@/lib/keyrequests/request";
import type { Outcome } from "@/lib/outcome";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { makeApi, makePolicy } from "../helpers/dev-fixtures";
import {
  auditActions,
  keyRequestRow,
  keysOfDeveloper,
  makeEntry,
  setOrgSettings,
} from "../helpers/portal-fixtures";

const PRO_FIELDS: s.FieldDefinition[] = [
  { key: "app", label: "What will you build?", type: "textarea", required: true },
];
const PAYMENTS_FIELDS: s.FieldDefinition[] = [
  { key: "company", label: "Company", type: "text", required: true },
  {
    key: "volume",
    label: "Monthly volume",
    type: "select",
    required: true,
    options: ["< 1k", "1k–100k", "> 100k"],
  },
  { key: "terms", label: "I accept the partner terms", type: "checkbox", required: true },
];

/** What a request led to: its kind, or the reason it was refused. */
const kindOf = (o: Outcome<RequestResult>) => (o.ok ? o.value.kind : o.reason);

describeEachDb("Key requests: requesting a key (lib/keyrequests/request.ts)", (getDb) => {
  it("R-KEYREQ-MODES: the catalog entry's mode overrides the organisation's; without one the organisation's applies", () => {
    const modes = ["auto", "admin", "webhook", "redirect"] as const;
    for (const org of modes)
      for (const entry of [null, ...modes])
        expect(
          approvalModeOf({ keyRequestMode: org }, { approvalMode: entry }),
          `${org}/${entry}`,
        ).toBe(entry ?? org);
  });

  it("R-KEYREQ-RECORD: a request records the developer, catalog entry, policy, validated answers and status", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const { entry, policy } = await makeEntry(db, org.id, { reasonFields: PAYMENTS_FIELDS });
    const dev = await makeDeveloper(db, org.id);

    const out = await requestKey(db, org, dev, entry, {
      org: org.slug,
      entryId: entry.id,
      reason_company: " Globex ",
      reason_volume: "1k–100k",
      reason_terms: "on",
      reason_extra: "dropped",
    });
    expect(kindOf(out)).toBe("pending");
    if (!out.ok || out.value.kind !== "pending") return;
    const row = await keyRequestRow(db, out.value.requestId);
    expect(row).toMatchObject({
      orgId: org.id,
      developerId: dev.id,
      catalogEntryId: entry.id,
      policyIds: [policy.id],
      reasonAnswers: { company: "Globex", volume: "1k–100k", terms: true },
      status: "pending",
      keyId: null,
      decidedAt: null,
    });
    // No key yet, and the request is audited as created by the developer.
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);
    const audit = await auditActions(db, org.id, out.value.requestId);
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ["key_request.created", "developer", dev.id],
    ]);
    expect(audit[0]?.data).toMatchObject({ catalogEntryId: entry.id, mode: "admin" });
    // The developer's "My keys" list shows it.
    const mine = await listDeveloperKeyRequests(db, org.id, dev.id);
    expect(mine.map((m) => [m.request.id, m.entryName, m.request.status])).toEqual([
      [out.value.requestId, entry.name, "pending"],
    ]);
  });

  it("R-KEYREQ-RECORD: invalid reason answers are refused with field errors under reason_<key>; nothing is recorded", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const { entry } = await makeEntry(db, org.id, { reasonFields: PAYMENTS_FIELDS });
    const dev = await makeDeveloper(db, org.id);

    const out = await requestKey(db, org, dev, entry, {
      reason_company: "",
      reason_volume: "lots",
    });
    expect(out).toEqual({
      ok: false,
      reason: "invalid",
      message: "Please correct the highlighted fields.",
      fieldErrors: {
        reason_company: ["Company is required."],
        reason_volume: ["Choose one of the options."],
        reason_terms: ["I accept the partner terms must be ticked."],
      },
    });
    expect(await db.select().from(s.keyRequests).where(eq(s.keyRequests.orgId, org.id))).toEqual(
      [],
    );
  });

  it("R-KEYREQ-MODES: auto-approval issues a key carrying the entry's policy at once and shows it once", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const { entry, policy } = await makeEntry(db, org.id, { approvalMode: "auto" });
    const dev = await makeDeveloper(db, org.id);

    const out = await requestKey(db, org, dev, entry, {});
    expect(kindOf(out)).toBe("issued");
    if (!out.ok || out.value.kind !== "issued") return;
    expect(out.value.key).toMatch(/^gh_/);
    const key = await getKeyView(db, org.id, out.value.keyId);
    expect(key).toMatchObject({
      developerId: dev.id,
      status: "active",
      hash: sha256Hex(out.value.key),
    });
    expect(key?.policies.map((p) => p.policyId)).toEqual([policy.id]);
    expect(await keyRequestRow(db, out.value.requestId)).toMatchObject({
      status: "approved",
      keyId: out.value.keyId,
      decidedBy: "system",
      decidedByAdminId: null,
    });
    expect((await keyRequestRow(db, out.value.requestId))?.decidedAt).toBeInstanceOf(Date);
    // Shown on screen, not emailed.
    expect((await listEmails(db, org.id)).total).toBe(0);
    const audit = await auditActions(db, org.id, out.value.requestId);
    expect(audit.map((a) => a.action)).toEqual(["key_request.created", "key_request.approved"]);
  });

  it("R-KEYREQ-MODES: admin approval (organisation default) leaves the request pending without a key", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const { entry } = await makeEntry(db, org.id, { reasonFields: PRO_FIELDS });
    const dev = await makeDeveloper(db, org.id);
    const out = await requestKey(db, org, dev, entry, { reason_app: "A dashboard" });
    expect(kindOf(out)).toBe("pending");
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);
    expect(await findPendingRequest(db, org.id, dev.id, entry.id)).not.toBeNull();
  });

  it("R-KEYREQ-MODES: an entry set to admin approval in an auto-approving organisation waits for an admin", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "auto" });
    const { entry } = await makeEntry(db, org.id, { approvalMode: "admin" });
    const dev = await makeDeveloper(db, org.id);
    expect(kindOf(await requestKey(db, org, dev, entry, {}))).toBe("pending");
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);
  });

  it("R-KEYREQ-MODES: webhook mode creates a pending request for the third party to decide", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "webhook" });
    const { entry } = await makeEntry(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    const out = await requestKey(db, org, dev, entry, {});
    expect(kindOf(out)).toBe("pending");
    if (!out.ok || out.value.kind !== "pending") return;
    expect(await keyRequestRow(db, out.value.requestId)).toMatchObject({
      status: "pending",
      keyId: null,
    });
    expect((await auditActions(db, org.id, out.value.requestId))[0]?.data).toMatchObject({
      mode: "webhook",
    });
  });

  it("R-KEYREQ-MODES: redirect mode sends the developer to the configured URL with entry, developer id and email; no request is created", async () => {
    const db = getDb();
    const org = await makeOrg(db, {
      keyRequestMode: "redirect",
      keyRequestRedirectUrl: "https://crm.example.test/apply?source=portal",
    });
    const { entry } = await makeEntry(db, org.id, { reasonFields: PRO_FIELDS });
    const dev = await makeDeveloper(db, org.id, { email: "Redirect.Me+tag@example.test" });

    // Reason fields are not asked: the third party's page collects what it needs.
    const out = await requestKey(db, org, dev, entry, {});
    expect(kindOf(out)).toBe("redirect");
    if (!out.ok || out.value.kind !== "redirect") return;
    const url = new URL(out.value.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://crm.example.test/apply");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      source: "portal",
      catalog_entry: entry.slug,
      catalog_entry_id: entry.id,
      developer_id: dev.id,
      email: "redirect.me+tag@example.test",
    });
    expect(await db.select().from(s.keyRequests).where(eq(s.keyRequests.orgId, org.id))).toEqual(
      [],
    );
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual([]);
  });

  it("R-KEYREQ-MODES: a redirect entry in an admin-approving organisation redirects; without a configured URL the developer gets a clear error", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const { entry } = await makeEntry(db, org.id, { approvalMode: "redirect" });
    const dev = await makeDeveloper(db, org.id);
    const out = await requestKey(db, org, dev, entry, {});
    expect(kindOf(out)).toBe("conflict");
    if (!out.ok) expect(out.message).toMatch(/no address is configured/);

    const withUrl = await setOrgSettings(db, org.id, {
      keyRequestRedirectUrl: "https://apply.example.test/",
    });
    const again = await requestKey(db, withUrl, dev, entry, {});
    expect(kindOf(again)).toBe("redirect");
    if (again.ok && again.value.kind === "redirect")
      expect(new URL(again.value.url).searchParams.get("catalog_entry_id")).toBe(entry.id);
    expect(await db.select().from(s.keyRequests).where(eq(s.keyRequests.orgId, org.id))).toEqual(
      [],
    );
  });

  it("R-KEYREQ-RECORD: a second pending request for the same entry is refused (tyk#2274); other entries and later requests are fine", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const { entry } = await makeEntry(db, org.id, { reasonFields: PRO_FIELDS });
    const { entry: other } = await makeEntry(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    const colleague = await makeDeveloper(db, org.id);

    const first = await requestKey(db, org, dev, entry, { reason_app: "first" });
    expect(kindOf(first)).toBe("pending");
    const second = await requestKey(db, org, dev, entry, { reason_app: "second" });
    expect(second).toEqual({
      ok: false,
      reason: "conflict",
      message: "You already have a pending request for this API. You will hear from us by email.",
    });
    const rows = await db.select().from(s.keyRequests).where(eq(s.keyRequests.orgId, org.id));
    expect(rows.map((r) => r.reasonAnswers)).toEqual([{ app: "first" }]);

    // Another entry, or another developer, is not a duplicate.
    expect(kindOf(await requestKey(db, org, dev, other, {}))).toBe("pending");
    expect(kindOf(await requestKey(db, org, colleague, entry, { reason_app: "colleague" }))).toBe(
      "pending",
    );

    // Once the first is decided, the developer may ask again.
    await db
      .update(s.keyRequests)
      .set({ status: "declined", decidedAt: new Date() })
      .where(
        eq(
          s.keyRequests.id,
          first.ok && first.value.kind === "pending" ? first.value.requestId : "",
        ),
      );
    expect(kindOf(await requestKey(db, org, dev, entry, { reason_app: "third" }))).toBe("pending");
  });

  it("R-KEYREQ-RECORD: two simultaneous requests for the same entry create one pending request", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const { entry } = await makeEntry(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    const outcomes = await Promise.all([
      requestKey(db, org, dev, entry, {}),
      requestKey(db, org, dev, entry, {}),
      requestKey(db, org, dev, entry, {}),
    ]);
    expect(outcomes.filter((o) => kindOf(o) === "pending")).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok)).toHaveLength(2);
    expect(
      await db.select().from(s.keyRequests).where(eq(s.keyRequests.orgId, org.id)),
    ).toHaveLength(1);
  });

  it("R-PORTAL-SIGNUP: with email verification required, an unverified developer cannot request a key until verified", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "auto", requireEmailVerification: true });
    const { entry } = await makeEntry(db, org.id);
    const dev = await makeDeveloper(db, org.id, { emailVerifiedAt: null });

    const refused = await requestKey(db, org, dev, entry, {});
    expect(refused).toEqual({
      ok: false,
      reason: "forbidden",
      message: "Confirm your email address first: follow the link we emailed you.",
    });
    expect(await db.select().from(s.keyRequests).where(eq(s.keyRequests.orgId, org.id))).toEqual(
      [],
    );

    const verified = { ...dev, emailVerifiedAt: new Date() };
    expect(kindOf(await requestKey(db, org, verified, entry, {}))).toBe("issued");
    // Organisations without the setting do not ask.
    const open = await setOrgSettings(db, org.id, { requireEmailVerification: false });
    expect(kindOf(await requestKey(db, open, dev, entry, {}))).toBe("issued");
  });

  it("R-CATALOG: a developer can hold keys for several catalog entries", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "auto" });
    const [weather, maps] = [
      await makeEntry(db, org.id, { name: "Weather" }),
      await makeEntry(db, org.id, { name: "Maps" }),
    ];
    const dev = await makeDeveloper(db, org.id);
    const a = await requestKey(db, org, dev, weather.entry, {});
    const b = await requestKey(db, org, dev, maps.entry, {});
    if (!a.ok || a.value.kind !== "issued" || !b.ok || b.value.kind !== "issued")
      throw new Error("expected two issued keys");
    const keys = await keysOfDeveloper(db, org.id, dev.id);
    expect(keys.map((k) => k.id).sort()).toEqual([a.value.keyId, b.value.keyId].sort());
    expect(
      (await getKeyView(db, org.id, a.value.keyId))?.policies.map((p) => p.catalogEntries),
    ).toEqual([["Weather"]]);
    expect(
      (await getKeyView(db, org.id, b.value.keyId))?.policies.map((p) => p.catalogEntries),
    ).toEqual([["Maps"]]);
  });

  it("R-KEYREQ-RECORD: an entry whose policy opens two APIs grants both through one key", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "auto" });
    const [weather, geo] = [await makeApi(db, org.id), await makeApi(db, org.id)];
    const pro = await makePolicy(db, org.id, { name: "Pro" }, [
      { apiId: weather.id },
      { apiId: geo.id },
    ]);
    const { entry } = await makeEntry(db, org.id, { policy: pro });
    const dev = await makeDeveloper(db, org.id);
    const out = await requestKey(db, org, dev, entry, {});
    if (!out.ok || out.value.kind !== "issued")
      throw new Error(`expected a key, got ${kindOf(out)}`);
    expect(
      (await getKeyView(db, org.id, out.value.keyId))?.policies.map((p) => p.policyName),
    ).toEqual(["Pro"]);
  });
});
