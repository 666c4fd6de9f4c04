import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { developers, type NewDeveloper } from "../schema";

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
