import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { type CatalogEntry, catalogEntries, keyRequests, policies } from "../schema";
import { uniqueViolation } from "../unique-violation";

export type CatalogEntryValues = Pick<
  CatalogEntry,
  | "policyId"
  | "name"
  | "slug"
  | "shortDescription"
  | "longDescription"
  | "docsMarkdown"
  | "openapiUrl"
  | "visibility"
  | "approvalMode"
  | "reasonFields"
>;

/** Catalog list (admin): every entry, hidden ones included, with its policy's name. */
export async function listCatalogEntries(db: Db, orgId: string) {
  const rows = await db
    .select({
      id: catalogEntries.id,
      name: catalogEntries.name,
      slug: catalogEntries.slug,
      visibility: catalogEntries.visibility,
      approvalMode: catalogEntries.approvalMode,
      reasonFields: catalogEntries.reasonFields,
      policyId: catalogEntries.policyId,
      policyName: policies.name,
      policyInactive: policies.isInactive,
    })
    .from(catalogEntries)
    .innerJoin(policies, and(eq(policies.id, catalogEntries.policyId), eq(policies.orgId, orgId)))
    .where(eq(catalogEntries.orgId, orgId))
    .orderBy(asc(catalogEntries.name), asc(catalogEntries.id));
  return rows.map(({ reasonFields, ...r }) => ({ ...r, reasonFieldCount: reasonFields.length }));
}

export async function getCatalogEntry(
  db: Db | Tx,
  orgId: string,
  entryId: string,
): Promise<CatalogEntry | null> {
  const [row] = await db
    .select()
    .from(catalogEntries)
    .where(and(eq(catalogEntries.orgId, orgId), eq(catalogEntries.id, entryId)))
    .limit(1);
  return row ?? null;
}

/** True when an insert/update failed on the organisation's unique slug. */
export function isCatalogSlugConflict(err: unknown): boolean {
  return uniqueViolation(err) !== null;
}

/**
 * The caller has checked that `values.policyId` is a policy of `orgId`. Throws on a taken slug
 * (see isCatalogSlugConflict), so a surrounding transaction rolls back.
 */
export async function insertCatalogEntry(
  db: Db | Tx,
  orgId: string,
  values: CatalogEntryValues,
): Promise<CatalogEntry> {
  const [row] = await db
    .insert(catalogEntries)
    .values({ ...values, orgId })
    .returning();
  if (!row) throw new Error("catalog entry insert returned nothing");
  return row;
}

/** Null when the entry is not one of this organisation's; throws on a taken slug. */
export async function updateCatalogEntry(
  db: Db | Tx,
  orgId: string,
  entryId: string,
  values: CatalogEntryValues,
): Promise<CatalogEntry | null> {
  const [row] = await db
    .update(catalogEntries)
    .set(values)
    .where(and(eq(catalogEntries.orgId, orgId), eq(catalogEntries.id, entryId)))
    .returning();
  return row ?? null;
}

/** Deletes the entry; its key requests go with it (FK cascade), the audit log keeps the fact. */
export async function deleteCatalogEntry(
  db: Db | Tx,
  orgId: string,
  entryId: string,
): Promise<CatalogEntry | null> {
  const [row] = await db
    .delete(catalogEntries)
    .where(and(eq(catalogEntries.orgId, orgId), eq(catalogEntries.id, entryId)))
    .returning();
  return row ?? null;
}

/** Key requests made through the entry, for the delete confirmation. */
export async function countKeyRequestsOfEntry(
  db: Db | Tx,
  orgId: string,
  entryId: string,
): Promise<{ total: number; pending: number }> {
  const [row] = await db
    .select({
      total: count(),
      pending: sql<number>`count(*) filter (where ${keyRequests.status} = 'pending')`.mapWith(
        Number,
      ),
    })
    .from(keyRequests)
    .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.catalogEntryId, entryId)));
  return { total: Number(row?.total ?? 0), pending: Number(row?.pending ?? 0) };
}
