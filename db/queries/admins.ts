import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { adminUsers } from "../schema";

/** Login only: admin emails are unique per install (the login page has no organisation). */
export async function findAdminByEmail(db: Db, email: string) {
  const [row] = await db
    .select()
    .from(adminUsers)
    .where(sql`lower(${adminUsers.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return row ?? null;
}

export async function getAdmin(db: Db, orgId: string, adminId: string) {
  const [row] = await db
    .select()
    .from(adminUsers)
    .where(and(eq(adminUsers.orgId, orgId), eq(adminUsers.id, adminId)))
    .limit(1);
  return row ?? null;
}

export async function insertAdmin(
  db: Db | Tx,
  orgId: string,
  values: { email: string; name: string; passwordHash: string; role: "owner" | "admin" | "viewer" },
) {
  const [row] = await db
    .insert(adminUsers)
    .values({ ...values, email: values.email.toLowerCase(), orgId })
    .returning();
  if (!row) throw new Error("admin insert returned nothing");
  return row;
}

export async function touchAdminLogin(db: Db, orgId: string, adminId: string) {
  await db
    .update(adminUsers)
    .set({ lastLoginAt: new Date() })
    .where(and(eq(adminUsers.orgId, orgId), eq(adminUsers.id, adminId)));
}
