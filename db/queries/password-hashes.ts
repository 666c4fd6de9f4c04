import { and, eq } from "drizzle-orm";
import type { Db } from "../index";
import { adminUsers, developers } from "../schema";

// R-SEC-PASSWORDS: a stronger hash of the same password, made at login. Not a password change:
// the session version stays, so no session ends.

export async function setAdminPasswordHash(
  db: Db,
  orgId: string,
  adminId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .update(adminUsers)
    .set({ passwordHash })
    .where(and(eq(adminUsers.orgId, orgId), eq(adminUsers.id, adminId)));
}

export async function setDeveloperPasswordHash(
  db: Db,
  orgId: string,
  developerId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .update(developers)
    .set({ passwordHash })
    .where(and(eq(developers.orgId, orgId), eq(developers.id, developerId)));
}
