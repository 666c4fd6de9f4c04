import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { findDeveloperByEmail, touchDeveloperLogin } from "@/db/queries/developers";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import { setDeveloperPasswordHash } from "@/db/queries/password-hashes";
import { beginAdminLogin } from "@/lib/admins/login";
import { AdminCodeRequired } from "./admin-login-error";
import { burnPasswordCheck, verifyPasswordAndRehash } from "./password";

export type SessionClaims = {
  kind: "admin" | "developer";
  uid: string;
  orgId: string;
  /** session version at login; a bump (password change, deactivation) ends the session. */
  sv: number;
};

/**
 * Email and password of an admin (the `admin` provider, setup's first login). Same answer (null)
 * and about the same time for an unknown email and a wrong password. An admin with two-factor on
 * gets no claims here: AdminCodeRequired carries the challenge of the code step
 * (lib/admins/login.ts).
 */
export async function authenticateAdmin(
  db: Db,
  email: string,
  password: string,
): Promise<SessionClaims | null> {
  const r = await beginAdminLogin(db, email, password);
  if (!r.ok) return null;
  if (r.needsCode) throw new AdminCodeRequired(r.challenge);
  return r.claims;
}

export async function authenticateDeveloper(
  db: Db,
  orgSlug: string,
  email: string,
  password: string,
): Promise<SessionClaims | null> {
  const org = await getOrganisationBySlug(db, orgSlug);
  // R-ORG-CREATE: nobody logs into a suspended organisation's portal.
  const dev = org && !org.suspendedAt ? await findDeveloperByEmail(db, org.id, email) : null;
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
