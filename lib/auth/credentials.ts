import type { Db } from "@/db";
import { findAdminByEmail, touchAdminLogin } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import { findDeveloperByEmail, touchDeveloperLogin } from "@/db/queries/developers";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import { setAdminPasswordHash, setDeveloperPasswordHash } from "@/db/queries/password-hashes";
import { burnPasswordCheck, verifyPasswordAndRehash } from "./password";

export type SessionClaims = {
  kind: "admin" | "developer";
  uid: string;
  orgId: string;
  /** session version at login; a bump (password change, deactivation) ends the session. */
  sv: number;
};

/** Same answer (null) and about the same time for an unknown email and a wrong password. */
export async function authenticateAdmin(
  db: Db,
  email: string,
  password: string,
): Promise<SessionClaims | null> {
  const admin = await findAdminByEmail(db, email);
  // An invited admin who has not set a password yet cannot log in (same answer as unknown).
  if (!admin?.passwordHash) return burnPasswordCheck(password).then(() => null);
  const ok = await verifyPasswordAndRehash(password, admin.passwordHash, (hash) =>
    setAdminPasswordHash(db, admin.orgId, admin.id, hash),
  );
  if (!ok || admin.status !== "active") {
    await insertAudit(db, admin.orgId, {
      actorType: "admin",
      actorId: admin.id,
      action: "admin.login_failed",
      targetType: "admin",
      targetId: admin.id,
      data: { reason: ok ? "inactive" : "password" },
    });
    return null;
  }
  // Email and password alone never sign in an admin with two-factor on: their login goes through
  // lib/admins/login.ts (password step, then challenge + code).
  if (admin.totpEnabledAt) {
    await insertAudit(db, admin.orgId, {
      actorType: "admin",
      actorId: admin.id,
      action: "admin.login_failed",
      targetType: "admin",
      targetId: admin.id,
      data: { reason: "two_factor_required" },
    });
    return null;
  }
  await touchAdminLogin(db, admin.orgId, admin.id);
  await insertAudit(db, admin.orgId, {
    actorType: "admin",
    actorId: admin.id,
    action: "admin.login",
    targetType: "admin",
    targetId: admin.id,
  });
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
  const ok = await verifyPasswordAndRehash(password, dev.passwordHash, (hash) =>
    setDeveloperPasswordHash(db, dev.orgId, dev.id, hash),
  );
  if (!ok || dev.status !== "active") {
    await insertAudit(db, dev.orgId, {
      actorType: "developer",
      actorId: dev.id,
      action: "developer.login_failed",
      targetType: "developer",
      targetId: dev.id,
      data: { reason: ok ? "inactive" : "password" },
    });
    return null;
  }
  await touchDeveloperLogin(db, dev.orgId, dev.id);
  return { kind: "developer", uid: dev.id, orgId: dev.orgId, sv: dev.sessionVersion };
}
