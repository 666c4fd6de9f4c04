import type { Db } from "@/db";
import {
  countFailedCodeAttempts,
  findAdminByEmail,
  getAdmin,
  touchAdminLogin,
} from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import type { SessionClaims } from "@/lib/auth/credentials";
import { setAdminPasswordHash } from "@/db/queries/password-hashes";
import { burnPasswordCheck, verifyPasswordAndRehash } from "@/lib/auth/password";
import { signChallenge, verifyChallenge } from "./challenge";
import { type SecondFactor, verifySecondFactor } from "./second-factor";

/** Wrong codes allowed per admin in this window before the code step refuses for a while. */
export const CODE_ATTEMPTS = 5;
export const CODE_ATTEMPT_WINDOW_MINUTES = 15;

export type LoginStart =
  | { ok: false }
  | {
      ok: true;
      /** Proof of the password for the next step; shown to the browser only when a code is due. */
      challenge: string;
      needsCode: boolean;
    };

/**
 * First step of an admin login: the password. Unknown email, invited admin, wrong password and
 * disabled account all answer `{ ok: false }` in about the same time. No session exists after
 * this step; `completeAdminLogin` creates the claims.
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
    await auditFailure(db, admin.orgId, admin.id, ok ? "inactive" : "password");
    return { ok: false };
  }
  const needsCode = admin.totpEnabledAt !== null;
  const challenge = signChallenge({
    adminId: admin.id,
    orgId: admin.orgId,
    sv: admin.sessionVersion,
    needsCode,
  });
  return { ok: true, challenge, needsCode };
}

export type LoginFinish =
  | { ok: true; claims: SessionClaims; secondFactor: SecondFactor | null }
  | { ok: false; reason: "challenge" | "code" | "throttled" };

/**
 * Second step: an authentic, fresh challenge — and, when the admin has two-factor on (now or
 * when the password was checked), a valid TOTP or recovery code. Only then are there claims.
 */
export async function completeAdminLogin(
  db: Db,
  challenge: string,
  code: string | undefined,
  now = Date.now(),
): Promise<LoginFinish> {
  const c = verifyChallenge(challenge, now);
  const admin = c ? await getAdmin(db, c.orgId, c.adminId) : null;
  if (!c || !admin?.passwordHash || admin.status !== "active" || admin.sessionVersion !== c.sv)
    return { ok: false, reason: "challenge" };
  let secondFactor: SecondFactor | null = null;
  if (c.needsCode || admin.totpEnabledAt) {
    // Wrong codes count within the window, and only since the last successful login.
    const since = new Date(
      Math.max(now - CODE_ATTEMPT_WINDOW_MINUTES * 60_000, admin.lastLoginAt?.getTime() ?? 0),
    );
    if ((await countFailedCodeAttempts(db, admin.orgId, admin.id, since)) >= CODE_ATTEMPTS)
      return { ok: false, reason: "throttled" };
    secondFactor = code ? await verifySecondFactor(db, admin, code, now) : null;
    if (!secondFactor) {
      await auditFailure(db, admin.orgId, admin.id, "code");
      return { ok: false, reason: "code" };
    }
  }
  await touchAdminLogin(db, admin.orgId, admin.id);
  await insertAudit(db, admin.orgId, {
    actorType: "admin",
    actorId: admin.id,
    action: "admin.login",
    targetType: "admin",
    targetId: admin.id,
    data: secondFactor ? { secondFactor } : {},
  });
  return {
    ok: true,
    secondFactor,
    claims: { kind: "admin", uid: admin.id, orgId: admin.orgId, sv: admin.sessionVersion },
  };
}

function auditFailure(db: Db, orgId: string, adminId: string, reason: string) {
  return insertAudit(db, orgId, {
    actorType: "admin",
    actorId: adminId,
    action: "admin.login_failed",
    targetType: "admin",
    targetId: adminId,
    data: { reason },
  });
}
