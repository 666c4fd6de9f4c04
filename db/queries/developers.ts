import { and, count, desc, eq, inArray, like, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { escapeLike } from "./like";
import { developers, keys, type NewDeveloper } from "../schema";
import { deleteSubjectSessions } from "./sessions";

export async function findDeveloperByEmail(db: Db, orgId: string, email: string) {
  const [row] = await db
    .select()
    .from(developers)
    .where(and(eq(developers.orgId, orgId), eq(developers.email, email.toLowerCase())))
    .limit(1);
  return row ?? null;
}

export async function getDeveloper(db: Db, orgId: string, developerId: string) {
  const [row] = await db
    .select()
    .from(developers)
    .where(and(eq(developers.orgId, orgId), eq(developers.id, developerId)))
    .limit(1);
  return row ?? null;
}

/** Returns null when the email is already taken in this organisation. */
export async function insertDeveloper(
  db: Db | Tx,
  orgId: string,
  values: Omit<NewDeveloper, "orgId" | "id">,
) {
  const [row] = await db
    .insert(developers)
    .values({ ...values, email: values.email.toLowerCase(), orgId })
    .onConflictDoNothing({ target: [developers.orgId, developers.email] })
    .returning();
  return row ?? null;
}

export async function touchDeveloperLogin(db: Db, orgId: string, developerId: string) {
  await db
    .update(developers)
    .set({ lastLoginAt: new Date() })
    .where(and(eq(developers.orgId, orgId), eq(developers.id, developerId)));
}

export type DeveloperListRow = {
  id: string;
  email: string;
  name: string;
  status: "active" | "inactive";
  createdAt: Date;
  keyCount: number;
};

/** Developers list (R-DEV-LIST), newest first; `search` matches the email, case-insensitive, partial (R-DEV-SEARCH). */
export async function listDevelopers(
  db: Db,
  orgId: string,
  {
    search = "",
    page = 1,
    pageSize = 20,
  }: { search?: string; page?: number; pageSize?: number } = {},
): Promise<{ rows: DeveloperListRow[]; total: number }> {
  const pattern = `%${escapeLike(search.trim().toLowerCase())}%`;
  // Emails are stored lower-cased, so LIKE on the lower-cased pattern is case-insensitive.
  const where = and(
    eq(developers.orgId, orgId),
    search.trim() ? like(developers.email, pattern) : undefined,
  );
  const [page_, [total]] = await Promise.all([
    db
      .select({
        id: developers.id,
        email: developers.email,
        name: developers.name,
        status: developers.status,
        createdAt: developers.createdAt,
      })
      .from(developers)
      .where(where)
      .orderBy(desc(developers.createdAt), desc(developers.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(developers).where(where),
  ]);
  // Keys are counted for the page's developers only (index keys_org_developer_idx), never for
  // the whole organisation (R-SCALE).
  const counts = new Map(
    page_.length === 0
      ? []
      : (
          await db
            .select({ developerId: keys.developerId, n: count() })
            .from(keys)
            .where(
              and(
                eq(keys.orgId, orgId),
                inArray(
                  keys.developerId,
                  page_.map((d) => d.id),
                ),
                ne(keys.status, "revoked"),
                eq(keys.kind, "key"),
              ),
            )
            .groupBy(keys.developerId)
        ).map((r) => [r.developerId, r.n]),
  );
  const rows = page_.map((d) => ({ ...d, keyCount: counts.get(d.id) ?? 0 }));
  return { rows, total: total?.n ?? 0 };
}

export type DeveloperPatch = Partial<
  Pick<
    NewDeveloper,
    | "email"
    | "name"
    | "telephone"
    | "country"
    | "customFields"
    | "passwordHash"
    | "status"
    | "emailVerifiedAt"
  >
> & { bumpSession?: boolean };

/** Updates profile fields; `bumpSession` ends the developer's existing sessions. Null if not found or email taken. */
export async function updateDeveloper(
  db: Db | Tx,
  orgId: string,
  developerId: string,
  patch: DeveloperPatch,
) {
  const { bumpSession, ...fields } = patch;
  try {
    const [row] = await db
      .update(developers)
      .set({
        ...fields,
        ...(fields.email ? { email: fields.email.toLowerCase() } : {}),
        ...(bumpSession ? { sessionVersion: sql`${developers.sessionVersion} + 1` } : {}),
      })
      .where(and(eq(developers.orgId, orgId), eq(developers.id, developerId)))
      .returning();
    // The version bump refuses old JWTs; deleting the rows also takes them off the Sessions lists.
    if (row && bumpSession)
      await deleteSubjectSessions(db, { orgId, subjectType: "developer", subjectId: developerId });
    return row ?? null;
  } catch (err) {
    if (isUniqueViolation(err)) return "email_taken" as const;
    throw err;
  }
}

export async function deleteDeveloper(db: Db | Tx, orgId: string, developerId: string) {
  const rows = await db
    .delete(developers)
    .where(and(eq(developers.orgId, orgId), eq(developers.id, developerId)))
    .returning({ id: developers.id });
  await deleteSubjectSessions(db, { orgId, subjectType: "developer", subjectId: developerId });
  return rows.length > 0;
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}
