import type { Db } from "@/db";
import { findAdminByEmail, touchAdminLogin } from "@/db/queries/admins";
import { findDeveloperByEmail, touchDeveloperLogin } from "@/db/queries/developers";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import { burnPasswordCheck, verifyPassword } from "./password";

export type SessionClaims = {
  kind: "admin" | "developer";
  uid: string;
  orgId: string;
  /** session version at login; a bump (password change, deactivation) ends the session. */
  sv: number;
};

/** Same answer (null) and about the same time for an unknown email and a wrong password. */
export async function authenticateAdmin(db: Db, email: string, password: string): Promise<SessionClaims | null> {
  const admin = await findAdminByEmail(db, email);
  if (!admin) return burnPasswordCheck(password).then(() => null);
  const ok = await verifyPassword(password, admin.passwordHash);
  if (!ok || admin.status !== "active") return null;
  await touchAdminLogin(db, admin.orgId, admin.id);
  return { kind: "admin", uid: admin.id, orgId: admin.orgId, sv: admin.sessionVersion };
}

export async function authenticateDeveloper(
  db: Db,
  orgSlug: string,
  email: string,
  password: string,
): Promise<SessionClaims | null> {
  const org = await getOrganisationBySlug(db, orgSlug);
  const dev = org ? await findDeveloperByEmail(db, org.id, email) : null;
  if (!dev?.passwordHash) return burnPasswordCheck(password).then(() => null);
  const ok = await verifyPassword(password, dev.passwordHash);
  if (!ok || dev.status !== "active") return null;
  await touchDeveloperLogin(db, dev.orgId, dev.id);
  return { kind: "developer", uid: dev.id, orgId: dev.orgId, sv: dev.sessionVersion };
}
