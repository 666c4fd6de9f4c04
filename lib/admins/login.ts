import type { Db } from "@/db";
import {
  countFailedCodeAttempts,
  findAdminByEmail,
  getAdmin,
  touchAdminLogin,
} from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import { setAdminPasswordHash } from "@/db/queries/password-hashes";
import type { AdminUser } from "@/db/schema";
import type { SessionClaims } from "@/lib/auth/credentials";
import { burnPasswordCheck, verifyPasswordAndRehash } from "@/lib/auth/password";
import { signChallenge, verifyChallenge } from "./challenge";
import { type SecondFactor, verifySecondFactor } from "./second-factor";

/**
 * Admin login in one or two steps (R-SEC-ADMINS). Step one checks the password; an admin without
 * two-factor is then signed in, one with two-factor gets a short-lived signed challenge and NO
 * claims. Step two takes that challenge and a TOTP or recovery code. A session (next-auth's JWT
 * and the server-side row) exists only once there are claims.
 */

/** Wrong codes allowed per admin in this window (and since their last login) before a pause. */
export const CODE_ATTEMPTS = 5;
export const CODE_ATTEMPT_WINDOW_MINUTES = 15;

export type LoginStart =
  | { ok: false }
  | { ok: true; needsCode: false; claims: SessionClaims }
  /** The challenge is proof of the password for the code step; it grants nothing alone. */
  | { ok: true; needsCode: true; challenge: string };

/**
 * Step one: the password. Unknown email, invited admin, wrong password and disabled account all
 * answer `{ ok: false }` in about the same time.
 */
export async function beginAdminLogin(
  db: Db,
  email: string,
  password: string,
): Promise<LoginStart> {
  const admin = await findAdminByEmail(db, email);
  if (!admin?.passwordHash) return burnPasswordCheck(password).then(() => ({ ok: false }));
  // A hash made with weaker parameters is replaced now (R-SEC-PASSWORDS).
  const ok = await verifyPasswordAndRehash(password, admin.passwordHash, (hash) =>
    setAdminPasswordHash(db, admin.orgId, admin.id, hash),
  );
  if (!ok || admin.status !== "active") {
    await auditFailure(db, admin, ok ? "inactive" : "password");
    return { ok: false };
  }
  if (!admin.totpEnabledAt)
    return { ok: true, needsCode: false, claims: await signedIn(db, admin, null) };
  const challenge = signChallenge({
    adminId: admin.id,
    orgId: admin.orgId,
    sv: admin.sessionVersion,
  });
  return { ok: true, needsCode: true, challenge };
}

export type LoginFinish =
  | { ok: true; claims: SessionClaims; secondFactor: SecondFactor }
  | { ok: false; reason: "challenge" | "code" | "throttled" };

/**
 * Step two: an authentic, fresh challenge (same session version: a disable, password change or
 * "end sessions" since voids it) and a valid TOTP or recovery code. Only then are there claims.
 * An admin whose two-factor was turned off in between starts again with the password.
 */
export async function completeAdminLogin(
  db: Db,
  challenge: string,
  code: string | undefined,
  now = Date.now(),
): Promise<LoginFinish> {
  const c = verifyChallenge(challenge, now);
  const admin = c ? await getAdmin(db, c.orgId, c.adminId) : null;
  if (
    !c ||
    !admin?.passwordHash ||
    !admin.totpEnabledAt ||
    admin.status !== "active" ||
    admin.sessionVersion !== c.sv
  )
    return { ok: false, reason: "challenge" };
  // Wrong codes count within the window, and only since the last successful login.
  const since = new Date(
    Math.max(now - CODE_ATTEMPT_WINDOW_MINUTES * 60_000, admin.lastLoginAt?.getTime() ?? 0),
  );
  if ((await countFailedCodeAttempts(db, admin.orgId, admin.id, since)) >= CODE_ATTEMPTS)
    return { ok: false, reason: "throttled" };
  const secondFactor = code ? await verifySecondFactor(db, admin, code, now) : null;
  if (!secondFactor) {
    await auditFailure(db, admin, "code");
    return { ok: false, reason: "code" };
  }
  return { ok: true, secondFactor, claims: await signedIn(db, admin, secondFactor) };
}

async function signedIn(
  db: Db,
  admin: AdminUser,
  secondFactor: SecondFactor | null,
): Promise<SessionClaims> {
  await touchAdminLogin(db, admin.orgId, admin.id);
  await insertAudit(db, admin.orgId, {
    actorType: "admin",
    actorId: admin.id,
    action: "admin.login",
    targetType: "admin",
    targetId: admin.id,
    data: secondFactor ? { secondFactor } : {},
  });
  return { kind: "admin", uid: admin.id, orgId: admin.orgId, sv: admin.sessionVersion };
}

function auditFailure(db: Db, admin: AdminUser, reason: string) {
  return insertAudit(db, admin.orgId, {
    actorType: "admin",
    actorId: admin.id,
    action: "admin.login_failed",
    targetType: "admin",
    targetId: admin.id,
    data: { reason },
  });
}
