import { and, asc, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { adminUsers, developers, type NewOrganisation, organisations } from "../schema";

/**
 * The install operator's view of organisations (R-ORG-CREATE). Like organisations.ts, these
 * are install-wide on purpose: only lib/orgs/ calls them, after checking the caller is an
 * operator (lib/orgs/operator.ts).
 */

/**
 * The first admin of the first organisation: the owner /setup (or the demo seed) created. Admins
 * inserted together share a timestamp (the seed's owner and viewer): owners first among them.
 */
export async function firstAdminId(db: Db | Tx): Promise<string | null> {
  const [row] = await db
    .select({ id: adminUsers.id })
    .from(adminUsers)
    .innerJoin(organisations, eq(organisations.id, adminUsers.orgId))
    .orderBy(
      asc(organisations.createdAt),
      asc(organisations.id),
      asc(adminUsers.createdAt),
      desc(sql`${adminUsers.role} = 'owner'`),
      asc(adminUsers.id),
    )
    .limit(1);
  return row?.id ?? null;
}

export type OrganisationSummary = {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  suspendedAt: Date | null;
  developers: number;
};

/** One page of every organisation, newest first, with its developer count. */
export async function listOrganisationSummaries(
  db: Db,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<{ rows: OrganisationSummary[]; total: number }> {
  // Qualified by hand: inside the subquery a bare "id" would be the developer's.
  const developerCount = sql<number>`(select count(*) from ${developers} d where d.org_id = "organisations"."id")`;
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        slug: organisations.slug,
        createdAt: organisations.createdAt,
        suspendedAt: organisations.suspendedAt,
        developers: developerCount.mapWith(Number),
      })
      .from(organisations)
      .orderBy(desc(organisations.createdAt), desc(organisations.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(organisations),
  ]);
  return { rows, total: totals?.n ?? 0 };
}

/** A new organisation, or null when its slug is taken (unique index; safe under races). */
export async function insertOrganisationIfFree(db: Db | Tx, values: NewOrganisation) {
  const [row] = await db.insert(organisations).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/**
 * Suspends (`at`) or reactivates (null) an organisation; only when it is not already in that
 * state (a conditional update: of two operators acting at once, one changes it). Null otherwise.
 */
export async function setOrganisationSuspended(db: Db | Tx, orgId: string, at: Date | null) {
  const [row] = await db
    .update(organisations)
    .set({ suspendedAt: at })
    .where(
      and(
        eq(organisations.id, orgId),
        at ? isNull(organisations.suspendedAt) : isNotNull(organisations.suspendedAt),
      ),
    )
    .returning();
  return row ?? null;
}

/** The organisation, locked for the rest of the transaction (suspend / reactivate). */
export async function lockOrganisation(tx: Tx, orgId: string) {
  const [row] = await tx
    .select()
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .for("update")
    .limit(1);
  return row ?? null;
}
