import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { adminUsers } from "../schema";

/** An admin's own account (the console's Account page): name and password, scoped to the org. */
export async function setOwnAdminFields(
  db: Db | Tx,
  orgId: string,
  adminId: string,
  fields: { name?: string; passwordHash?: string },
) {
  const rows = await db
    .update(adminUsers)
    .set(fields)
    .where(and(eq(adminUsers.orgId, orgId), eq(adminUsers.id, adminId)))
    .returning({ id: adminUsers.id });
  return rows.length > 0;
}
