import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import {
  type CatalogEntryValues,
  countKeyRequestsOfEntry,
  deleteCatalogEntry,
  insertCatalogEntry,
  isCatalogSlugConflict,
  updateCatalogEntry,
} from "@/db/queries/catalog";
import { getPolicy } from "@/db/queries/policies";
import type { CatalogEntry } from "@/db/schema";
import { type Actor, type Outcome, done, failed, isOutcome } from "@/lib/outcome";
import { outboundUrlError } from "@/lib/net/guarded-fetch";

/** Admin changes to catalog entries: what the portal publishes and how requests are approved (R-CATALOG). */

const SLUG_TAKEN = failed("conflict", "Please correct the highlighted fields.", {
  slug: ["Another catalog entry already uses this slug."],
});

/** Runs the write; the unique slug index turns a taken slug into a field error. */
async function guarded<T>(write: () => Promise<T>): Promise<T | typeof SLUG_TAKEN> {
  try {
    return await write();
  } catch (err) {
    if (isCatalogSlugConflict(err)) return SLUG_TAKEN;
    throw err;
  }
}

async function foreignPolicy(
  db: Db,
  orgId: string,
  policyId: string,
): Promise<Outcome<never> | null> {
  // The policy id comes from a form: it must be one of this organisation's policies.
  if (await getPolicy(db, orgId, policyId)) return null;
  return failed("invalid", "Please correct the highlighted fields.", {
    policyId: ["Choose one of your policies."],
  });
}

/** A document URL the portal would refuse to fetch (R-SEC-SSRF), as a field error. */
function refusedOpenApiUrl(url: string | null): Outcome<never> | null {
  const problem = outboundUrlError(url);
  return problem
    ? failed("invalid", "Please correct the highlighted fields.", { openapiUrl: [problem] })
    : null;
}

function auditData(e: CatalogEntry) {
  return {
    name: e.name,
    slug: e.slug,
    policyId: e.policyId,
    visibility: e.visibility,
    approvalMode: e.approvalMode,
    reasonFields: e.reasonFields.map((f) => f.key),
  };
}

export async function createCatalogEntry(
  db: Db,
  orgId: string,
  actor: Actor,
  input: CatalogEntryValues,
): Promise<Outcome<CatalogEntry>> {
  const bad = await foreignPolicy(db, orgId, input.policyId);
  if (bad) return bad;
  const refused = refusedOpenApiUrl(input.openapiUrl);
  if (refused) return refused;
  const row = await guarded(() =>
    db.transaction(async (tx) => {
      const entry = await insertCatalogEntry(tx, orgId, input);
      await insertAudit(tx, orgId, {
        ...actor,
        action: "catalog_entry.created",
        targetType: "catalog_entry",
        targetId: entry.id,
        data: auditData(entry),
      });
      return entry;
    }),
  );
  if (isOutcome(row)) return row;
  return done(row, `Catalog entry “${row.name}” created.`);
}

export async function editCatalogEntry(
  db: Db,
  orgId: string,
  actor: Actor,
  entryId: string,
  input: CatalogEntryValues,
): Promise<Outcome<CatalogEntry>> {
  const bad = await foreignPolicy(db, orgId, input.policyId);
  if (bad) return bad;
  const refused = refusedOpenApiUrl(input.openapiUrl);
  if (refused) return refused;
  const row = await guarded(() =>
    db.transaction(async (tx) => {
      const entry = await updateCatalogEntry(tx, orgId, entryId, input);
      if (entry)
        await insertAudit(tx, orgId, {
          ...actor,
          action: "catalog_entry.updated",
          targetType: "catalog_entry",
          targetId: entry.id,
          data: auditData(entry),
        });
      return entry;
    }),
  );
  if (isOutcome(row)) return row;
  if (!row) return failed("not_found", "This catalog entry no longer exists.");
  return done(row, `Catalog entry “${row.name}” saved.`);
}

/** Deletes the entry and the key requests made through it; keys already issued keep working. */
export async function removeCatalogEntry(
  db: Db,
  orgId: string,
  actor: Actor,
  entryId: string,
): Promise<Outcome<CatalogEntry>> {
  const row = await db.transaction(async (tx) => {
    const requests = await countKeyRequestsOfEntry(tx, orgId, entryId);
    const entry = await deleteCatalogEntry(tx, orgId, entryId);
    if (!entry) return null;
    await insertAudit(tx, orgId, {
      ...actor,
      action: "catalog_entry.deleted",
      targetType: "catalog_entry",
      targetId: entry.id,
      data: {
        ...auditData(entry),
        keyRequestsDeleted: requests.total,
        pendingKeyRequestsDeleted: requests.pending,
      },
    });
    return entry;
  });
  if (!row) return failed("not_found", "This catalog entry no longer exists.");
  return done(row, `Catalog entry “${row.name}” deleted.`);
}
