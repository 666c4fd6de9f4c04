import { and, desc, eq, gte, ilike, inArray, like, lt } from "drizzle-orm";
import type { Db } from "../index";
import { escapeLike } from "./like";
import {
  apis,
  auditLog,
  catalogEntries,
  developers,
  keyRequests,
  policies,
  policyApis,
} from "../schema";
import { afterCursor, cursorAt, type CursorPosition, pageOf } from "./cursor";

/**
 * The management API's lists: keyset pages over (created_at, id), newest first, every WHERE
 * scoped by the organisation. Filters match the console's lists (same columns, same semantics).
 */
type PageArgs = { after?: CursorPosition | null; limit: number };

/** LIKE pattern for a case-insensitive "contains" on lower-cased columns (emails). */
function containsLower(text: string): string {
  return `%${escapeLike(text.trim().toLowerCase())}%`;
}

export async function pageKeyRequests(
  db: Db,
  orgId: string,
  f: PageArgs & {
    status?: "pending" | "approved" | "declined";
    catalogEntryId?: string;
    developerId?: string;
    developer?: string;
  },
) {
  const rows = await db
    .select({
      id: keyRequests.id,
      cursorAt: cursorAt(keyRequests.createdAt),
      request: keyRequests,
      developerEmail: developers.email,
      entryName: catalogEntries.name,
    })
    .from(keyRequests)
    .innerJoin(developers, eq(developers.id, keyRequests.developerId))
    .innerJoin(catalogEntries, eq(catalogEntries.id, keyRequests.catalogEntryId))
    .where(
      and(
        eq(keyRequests.orgId, orgId),
        f.status ? eq(keyRequests.status, f.status) : undefined,
        f.catalogEntryId ? eq(keyRequests.catalogEntryId, f.catalogEntryId) : undefined,
        f.developerId ? eq(keyRequests.developerId, f.developerId) : undefined,
        f.developer?.trim() ? like(developers.email, containsLower(f.developer)) : undefined,
        afterCursor(keyRequests.createdAt, keyRequests.id, f.after),
      ),
    )
    .orderBy(desc(keyRequests.createdAt), desc(keyRequests.id))
    .limit(f.limit + 1);
  return pageOf(rows, f.limit);
}

/** One key request with the names the list shows. */
export async function getKeyRequestView(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select({
      request: keyRequests,
      developerEmail: developers.email,
      entryName: catalogEntries.name,
    })
    .from(keyRequests)
    .innerJoin(developers, eq(developers.id, keyRequests.developerId))
    .innerJoin(catalogEntries, eq(catalogEntries.id, keyRequests.catalogEntryId))
    .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.id, id)))
    .limit(1);
  return row ?? null;
}

/** Developers (R-DEV-LIST / R-DEV-SEARCH): `search` is part of the email, case-insensitive. */
export async function pageDevelopers(
  db: Db,
  orgId: string,
  f: PageArgs & { search?: string; status?: "active" | "inactive" },
) {
  const rows = await db
    .select({ id: developers.id, cursorAt: cursorAt(developers.createdAt), developer: developers })
    .from(developers)
    .where(
      and(
        eq(developers.orgId, orgId),
        f.search?.trim() ? like(developers.email, containsLower(f.search)) : undefined,
        f.status ? eq(developers.status, f.status) : undefined,
        afterCursor(developers.createdAt, developers.id, f.after),
      ),
    )
    .orderBy(desc(developers.createdAt), desc(developers.id))
    .limit(f.limit + 1);
  return pageOf(rows, f.limit);
}

/** Policies with their access rights; `search` is part of the name. */
export async function pagePolicies(
  db: Db,
  orgId: string,
  f: PageArgs & { search?: string; active?: boolean },
) {
  const rows = await db
    .select({ id: policies.id, cursorAt: cursorAt(policies.createdAt), policy: policies })
    .from(policies)
    .where(
      and(
        eq(policies.orgId, orgId),
        f.search?.trim() ? ilike(policies.name, `%${escapeLike(f.search.trim())}%`) : undefined,
        f.active === undefined ? undefined : eq(policies.isInactive, !f.active),
        afterCursor(policies.createdAt, policies.id, f.after),
      ),
    )
    .orderBy(desc(policies.createdAt), desc(policies.id))
    .limit(f.limit + 1);
  const page = pageOf(rows, f.limit);
  const access = await policyAccessOf(
    db,
    orgId,
    page.rows.map((r) => r.id),
  );
  return {
    next: page.next,
    rows: page.rows.map((r) => ({ ...r.policy, access: access.get(r.id) ?? [] })),
  };
}

export async function policyAccessOf(db: Db, orgId: string, policyIds: string[]) {
  const by = new Map<
    string,
    Array<{ apiId: string; allowedMethods: string[]; allowedPaths: string[] }>
  >();
  if (!policyIds.length) return by;
  const rows = await db
    .select({
      policyId: policyApis.policyId,
      apiId: policyApis.apiId,
      allowedMethods: policyApis.allowedMethods,
      allowedPaths: policyApis.allowedPaths,
    })
    .from(policyApis)
    .where(and(eq(policyApis.orgId, orgId), inArray(policyApis.policyId, policyIds)));
  for (const { policyId, ...a } of rows) by.set(policyId, [...(by.get(policyId) ?? []), a]);
  return by;
}

/** APIs; `search` is part of the name or slug. */
export async function pageApis(
  db: Db,
  orgId: string,
  f: PageArgs & { search?: string; authType?: "key" | "oauth" },
) {
  const q = f.search?.trim() ? `%${escapeLike(f.search.trim())}%` : null;
  const rows = await db
    .select({ id: apis.id, cursorAt: cursorAt(apis.createdAt), api: apis })
    .from(apis)
    .where(
      and(
        eq(apis.orgId, orgId),
        q ? ilike(apis.name, q) : undefined,
        f.authType ? eq(apis.authType, f.authType) : undefined,
        afterCursor(apis.createdAt, apis.id, f.after),
      ),
    )
    .orderBy(desc(apis.createdAt), desc(apis.id))
    .limit(f.limit + 1);
  return pageOf(rows, f.limit);
}

/** Catalog entries; `search` is part of the name. */
export async function pageCatalogEntries(
  db: Db,
  orgId: string,
  f: PageArgs & { search?: string; visibility?: "public" | "hidden"; policyId?: string },
) {
  const rows = await db
    .select({
      id: catalogEntries.id,
      cursorAt: cursorAt(catalogEntries.createdAt),
      entry: catalogEntries,
    })
    .from(catalogEntries)
    .where(
      and(
        eq(catalogEntries.orgId, orgId),
        f.search?.trim()
          ? ilike(catalogEntries.name, `%${escapeLike(f.search.trim())}%`)
          : undefined,
        f.visibility ? eq(catalogEntries.visibility, f.visibility) : undefined,
        f.policyId ? eq(catalogEntries.policyId, f.policyId) : undefined,
        afterCursor(catalogEntries.createdAt, catalogEntries.id, f.after),
      ),
    )
    .orderBy(desc(catalogEntries.createdAt), desc(catalogEntries.id))
    .limit(f.limit + 1);
  return pageOf(rows, f.limit);
}

/** Audit entries (R-AUDIT) with the console's filters, plus a time range. */
export async function pageAudit(
  db: Db,
  orgId: string,
  f: PageArgs & {
    action?: string;
    actorType?: "admin" | "developer" | "api_token" | "system";
    actorId?: string;
    targetId?: string;
    since?: Date;
    until?: Date;
  },
) {
  const rows = await db
    .select({ id: auditLog.id, cursorAt: cursorAt(auditLog.createdAt), entry: auditLog })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        f.action ? like(auditLog.action, `${escapeLike(f.action)}%`) : undefined,
        f.actorType ? eq(auditLog.actorType, f.actorType) : undefined,
        f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
        f.targetId ? eq(auditLog.targetId, f.targetId) : undefined,
        f.since ? gte(auditLog.createdAt, f.since) : undefined,
        f.until ? lt(auditLog.createdAt, f.until) : undefined,
        afterCursor(auditLog.createdAt, auditLog.id, f.after),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(f.limit + 1);
  return pageOf(rows, f.limit);
}

export async function getAuditEntry(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), eq(auditLog.id, id)))
    .limit(1);
  return row ?? null;
}
