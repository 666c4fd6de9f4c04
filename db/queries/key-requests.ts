import { and, count, desc, eq, like, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { escapeLike } from "./like";
import { catalogEntries, developers, keyRequests, policies } from "../schema";
import { uniqueViolation } from "../unique-violation";

export function isPendingDuplicate(err: unknown): boolean {
  const c = uniqueViolation(err);
  return c !== null && (c === "" || c === "key_requests_one_pending_uq");
}

/** Null when the developer already has a pending request for this entry (tyk#2274). */
export async function insertKeyRequest(
  db: Db | Tx,
  orgId: string,
  values: {
    developerId: string;
    catalogEntryId: string;
    policyIds: string[];
    reasonAnswers: Record<string, string | boolean>;
  },
) {
  try {
    const [row] = await db
      .insert(keyRequests)
      .values({ ...values, orgId })
      .returning();
    return row ?? null;
  } catch (err) {
    if (isPendingDuplicate(err)) return null;
    throw err;
  }
}

export async function getKeyRequest(db: Db | Tx, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(keyRequests)
    .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.id, id)))
    .limit(1);
  return row ?? null;
}

/** Moves a pending request to approved/declined; null if it was not pending (decided once). */
export async function decideKeyRequest(
  db: Db | Tx,
  orgId: string,
  id: string,
  decision: {
    status: "approved" | "declined";
    decidedByAdminId?: string | null;
    decidedBy?: string | null;
    declineReason?: string | null;
    keyId?: string | null;
  },
) {
  const [row] = await db
    .update(keyRequests)
    .set({ ...decision, decidedAt: new Date() })
    .where(
      and(eq(keyRequests.orgId, orgId), eq(keyRequests.id, id), eq(keyRequests.status, "pending")),
    )
    .returning();
  return row ?? null;
}

export async function setKeyRequestKey(db: Db | Tx, orgId: string, id: string, keyId: string) {
  await db
    .update(keyRequests)
    .set({ keyId })
    .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.id, id)));
}

/** A developer's own requests with the entry names (portal "My keys"). */
export async function listDeveloperKeyRequests(db: Db, orgId: string, developerId: string) {
  return db
    .select({
      request: keyRequests,
      entryName: catalogEntries.name,
      entrySlug: catalogEntries.slug,
    })
    .from(keyRequests)
    .innerJoin(catalogEntries, eq(catalogEntries.id, keyRequests.catalogEntryId))
    .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.developerId, developerId)))
    .orderBy(desc(keyRequests.createdAt))
    .limit(50);
}

export type KeyRequestFilter = {
  status?: "pending" | "approved" | "declined";
  catalogEntryId?: string;
  developer?: string;
  page?: number;
  pageSize?: number;
};

/** Admin "Key requests" list: by status, catalog entry and developer email, newest first. */
export async function listKeyRequests(db: Db, orgId: string, f: KeyRequestFilter) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 25;
  const q = escapeLike((f.developer ?? "").trim().toLowerCase());
  const where = and(
    eq(keyRequests.orgId, orgId),
    f.status ? eq(keyRequests.status, f.status) : undefined,
    f.catalogEntryId ? eq(keyRequests.catalogEntryId, f.catalogEntryId) : undefined,
    q ? like(developers.email, `%${q}%`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        request: keyRequests,
        developerEmail: developers.email,
        developerName: developers.name,
        entryName: catalogEntries.name,
        entryFields: catalogEntries.reasonFields,
        // The requested policies by name (R-KEYREQ-RECORD: the record includes the policy).
        policyNames: sql<
          string[]
        >`(select coalesce(array_agg(p.name order by p.name), '{}') from ${policies} p where p.org_id = ${keyRequests.orgId} and p.id = any(${keyRequests.policyIds}))`,
      })
      .from(keyRequests)
      .innerJoin(developers, eq(developers.id, keyRequests.developerId))
      .innerJoin(catalogEntries, eq(catalogEntries.id, keyRequests.catalogEntryId))
      .where(where)
      .orderBy(desc(keyRequests.createdAt), desc(keyRequests.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(keyRequests)
      .innerJoin(developers, eq(developers.id, keyRequests.developerId))
      .where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Badge on the console navigation. */
export async function countPendingKeyRequests(db: Db, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(keyRequests)
    .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.status, "pending")));
  return row?.n ?? 0;
}
