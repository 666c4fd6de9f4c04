import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../index";
import { apis, catalogEntries, keyRequests, policyApis } from "../schema";

/** Portal catalog (R-CATALOG): the organisation's visible entries. */
export async function listPublicCatalogEntries(db: Db, orgId: string) {
  return db
    .select()
    .from(catalogEntries)
    .where(and(eq(catalogEntries.orgId, orgId), eq(catalogEntries.visibility, "public")))
    .orderBy(asc(catalogEntries.name));
}

/**
 * A catalog entry at its portal address, listed or not: an unlisted ("hidden") entry is left out
 * of the catalog but reachable by its link, which the provider hands to chosen developers.
 */
export async function getPortalCatalogEntryBySlug(db: Db, orgId: string, slug: string) {
  const [row] = await db
    .select()
    .from(catalogEntries)
    .where(and(eq(catalogEntries.orgId, orgId), eq(catalogEntries.slug, slug)))
    .limit(1);
  return row ?? null;
}

/** Policy id → the APIs it opens (names and docs), for catalog cards and pages. */
export async function apisOfPolicies(db: Db, orgId: string, policyIds: string[]) {
  const map = new Map<
    string,
    Array<{
      id: string;
      name: string;
      slug: string;
      description: string;
      docsMarkdown: string | null;
      openapiUrl: string | null;
      listenPath: string;
      authType: "key" | "oauth";
    }>
  >();
  if (policyIds.length === 0) return map;
  const rows = await db
    .select({
      policyId: policyApis.policyId,
      id: apis.id,
      name: apis.name,
      slug: apis.slug,
      description: apis.description,
      docsMarkdown: apis.docsMarkdown,
      openapiUrl: apis.openapiUrl,
      listenPath: apis.listenPath,
      authType: apis.authType,
    })
    .from(policyApis)
    .innerJoin(apis, eq(apis.id, policyApis.apiId))
    .where(and(eq(policyApis.orgId, orgId), inArray(policyApis.policyId, policyIds)))
    .orderBy(asc(apis.name));
  for (const { policyId, ...api } of rows) map.set(policyId, [...(map.get(policyId) ?? []), api]);
  return map;
}

/** The developer's pending request for an entry, if any. */
export async function findPendingRequest(
  db: Db,
  orgId: string,
  developerId: string,
  entryId: string,
) {
  const [row] = await db
    .select({ id: keyRequests.id, createdAt: keyRequests.createdAt })
    .from(keyRequests)
    .where(
      and(
        eq(keyRequests.orgId, orgId),
        eq(keyRequests.developerId, developerId),
        eq(keyRequests.catalogEntryId, entryId),
        eq(keyRequests.status, "pending"),
      ),
    )
    .limit(1);
  return row ?? null;
}
