import { expect, it } from "vitest";
import {
  countKeyRequestsOfEntry,
  deleteCatalogEntry,
  getCatalogEntry,
  insertCatalogEntry,
  isCatalogSlugConflict,
  listCatalogEntries,
  updateCatalogEntry,
} from "@/db/queries/catalog";
import { insertPolicy } from "@/db/queries/policies";
import * as s from "@/db/schema";
import {
  createCatalogEntry,
  editCatalogEntry,
  removeCatalogEntry,
} from "@/lib/catalog/catalog-admin";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { auditActions, entryValues, makeActor, policyInput } from "./config-fixtures";

const REASONS: s.FieldDefinition[] = [
  { key: "app", label: "What will you build?", type: "textarea", required: true },
  {
    key: "volume",
    label: "Monthly volume",
    type: "select",
    required: false,
    options: ["< 1k", "> 1k"],
  },
];

describeEachDb("Catalog: queries and admin functions", (getDb) => {
  it("R-CATALOG: createCatalogEntry publishes a policy with reason fields and an approval override", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const policy = await insertPolicy(db, org.id, policyInput({ name: "Pro" }));
    const created = await createCatalogEntry(
      db,
      org.id,
      actor,
      entryValues(policy.id, {
        name: "Weather Pro",
        slug: "weather-pro",
        approvalMode: "admin",
        visibility: "hidden",
        reasonFields: REASONS,
      }),
    );
    if (!created.ok) throw new Error(created.message);
    expect(await getCatalogEntry(db, org.id, created.value.id)).toMatchObject({
      name: "Weather Pro",
      approvalMode: "admin",
      visibility: "hidden",
      reasonFields: REASONS,
    });
    expect(await listCatalogEntries(db, org.id)).toEqual([
      expect.objectContaining({
        id: created.value.id,
        policyName: "Pro",
        visibility: "hidden",
        approvalMode: "admin",
        reasonFieldCount: 2,
      }),
    ]);
    expect(await auditActions(db, org.id, created.value.id)).toEqual(["catalog_entry.created"]);
  });

  it("R-CATALOG: slugs are unique per organisation (field error), free across organisations", async () => {
    const db = getDb();
    const [org, other] = [await makeOrg(db), await makeOrg(db)];
    const actor = await makeActor(db, org.id);
    const policy = await insertPolicy(db, org.id, policyInput());
    const first = await createCatalogEntry(
      db,
      org.id,
      actor,
      entryValues(policy.id, { slug: "free" }),
    );
    const second = await createCatalogEntry(
      db,
      org.id,
      actor,
      entryValues(policy.id, { slug: "other" }),
    );
    expect(
      await createCatalogEntry(db, org.id, actor, entryValues(policy.id, { slug: "free" })),
    ).toMatchObject({ ok: false, reason: "conflict", fieldErrors: { slug: [expect.any(String)] } });
    if (!second.ok || !first.ok) throw new Error("setup failed");
    expect(
      await editCatalogEntry(
        db,
        org.id,
        actor,
        second.value.id,
        entryValues(policy.id, { slug: "free" }),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { slug: [expect.any(String)] } });
    const err = await insertCatalogEntry(db, org.id, entryValues(policy.id, { slug: "free" })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCatalogSlugConflict(err)).toBe(true);
    const otherPolicy = await insertPolicy(db, other.id, policyInput());
    expect(
      (
        await createCatalogEntry(
          db,
          other.id,
          await makeActor(db, other.id),
          entryValues(otherPolicy.id, { slug: "free" }),
        )
      ).ok,
    ).toBe(true);
  });

  it("R-KEYREQ-MODES: editCatalogEntry changes the override back to the organisation default (null)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const policy = await insertPolicy(db, org.id, policyInput());
    const created = await createCatalogEntry(
      db,
      org.id,
      actor,
      entryValues(policy.id, { approvalMode: "webhook" }),
    );
    if (!created.ok) throw new Error(created.message);
    const edited = await editCatalogEntry(
      db,
      org.id,
      actor,
      created.value.id,
      entryValues(policy.id, { name: "Renamed", approvalMode: null, reasonFields: [] }),
    );
    expect(edited).toMatchObject({
      ok: true,
      value: { name: "Renamed", approvalMode: null, reasonFields: [] },
    });
    expect(
      await editCatalogEntry(db, org.id, actor, "cat_missing", entryValues(policy.id)),
    ).toMatchObject({ ok: false, reason: "not_found" });
    expect(await auditActions(db, org.id, created.value.id)).toEqual([
      "catalog_entry.created",
      "catalog_entry.updated",
    ]);
  });

  it("R-CATALOG: removeCatalogEntry deletes the entry and its key requests; the audit keeps the count", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const policy = await insertPolicy(db, org.id, policyInput());
    const created = await createCatalogEntry(db, org.id, actor, entryValues(policy.id));
    if (!created.ok) throw new Error(created.message);
    const dev = await makeDeveloper(db, org.id);
    await db.insert(s.keyRequests).values([
      {
        orgId: org.id,
        developerId: dev.id,
        catalogEntryId: created.value.id,
        policyIds: [policy.id],
      },
      {
        orgId: org.id,
        developerId: dev.id,
        catalogEntryId: created.value.id,
        policyIds: [policy.id],
        status: "declined",
      },
    ]);
    expect(await countKeyRequestsOfEntry(db, org.id, created.value.id)).toEqual({
      total: 2,
      pending: 1,
    });
    expect(await removeCatalogEntry(db, org.id, actor, created.value.id)).toMatchObject({
      ok: true,
    });
    expect(await getCatalogEntry(db, org.id, created.value.id)).toBeNull();
    expect(await countKeyRequestsOfEntry(db, org.id, created.value.id)).toEqual({
      total: 0,
      pending: 0,
    });
    expect(await auditActions(db, org.id, created.value.id)).toEqual([
      "catalog_entry.created",
      "catalog_entry.deleted",
    ]);
    expect(await removeCatalogEntry(db, org.id, actor, created.value.id)).toMatchObject({
      ok: false,
      reason: "not_found",
    });
  });

  it("R-ORG-ISOLATION: an entry cannot publish another organisation's policy", async () => {
    const db = getDb();
    const [mine, theirs] = [await makeOrg(db), await makeOrg(db)];
    const actor = await makeActor(db, mine.id);
    const theirPolicy = await insertPolicy(db, theirs.id, policyInput());
    expect(await createCatalogEntry(db, mine.id, actor, entryValues(theirPolicy.id))).toMatchObject(
      { ok: false, fieldErrors: { policyId: [expect.any(String)] } },
    );
    const myPolicy = await insertPolicy(db, mine.id, policyInput());
    const mineEntry = await createCatalogEntry(db, mine.id, actor, entryValues(myPolicy.id));
    if (!mineEntry.ok) throw new Error(mineEntry.message);
    expect(
      await editCatalogEntry(db, mine.id, actor, mineEntry.value.id, entryValues(theirPolicy.id)),
    ).toMatchObject({ ok: false, fieldErrors: { policyId: [expect.any(String)] } });
    expect((await getCatalogEntry(db, mine.id, mineEntry.value.id))?.policyId).toBe(myPolicy.id);
  });

  it("R-ORG-ISOLATION: another organisation's entry is never listed, read, changed or deleted", async () => {
    const db = getDb();
    const [mine, theirs] = [await makeOrg(db), await makeOrg(db)];
    const actor = await makeActor(db, mine.id);
    const myPolicy = await insertPolicy(db, mine.id, policyInput());
    const theirPolicy = await insertPolicy(db, theirs.id, policyInput());
    const their = await insertCatalogEntry(
      db,
      theirs.id,
      entryValues(theirPolicy.id, { name: "Theirs" }),
    );
    expect(await listCatalogEntries(db, mine.id)).toEqual([]);
    expect(await getCatalogEntry(db, mine.id, their.id)).toBeNull();
    expect(await countKeyRequestsOfEntry(db, mine.id, their.id)).toEqual({ total: 0, pending: 0 });
    expect(
      await updateCatalogEntry(
        db,
        mine.id,
        their.id,
        entryValues(myPolicy.id, { name: "Hijacked" }),
      ),
    ).toBeNull();
    expect(
      await editCatalogEntry(
        db,
        mine.id,
        actor,
        their.id,
        entryValues(myPolicy.id, { name: "Hijacked" }),
      ),
    ).toMatchObject({ ok: false, reason: "not_found" });
    expect(await deleteCatalogEntry(db, mine.id, their.id)).toBeNull();
    expect(await removeCatalogEntry(db, mine.id, actor, their.id)).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(await getCatalogEntry(db, theirs.id, their.id)).toMatchObject({
      name: "Theirs",
      policyId: theirPolicy.id,
    });
  });
});
