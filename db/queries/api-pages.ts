import { and, desc, eq, like } from "drizzle-orm";
import type { Db } from "../index";
import { catalogEntries, developers, keyRequests } from "../schema";
import { afterCursor, cursorAt, type CursorPosition, pageOf } from "./cursor";

/**
 * The management API's lists: keyset pages over (created_at, id), newest first, every WHERE
 * scoped by the organisation. Filters match the console's lists (same columns, same semantics).
 */
type PageArgs = { after?: CursorPosition | null; limit: number };

/** LIKE pattern for a case-insensitive "contains" on lower-cased columns (emails). */
function containsLower(text: string): string {
  return `%${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
