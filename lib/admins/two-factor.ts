import type { Db } from "@/db";
import { getAdmin, updateAdmin } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import type { AdminUser } from "@/db/schema";
import { type Outcome, done, failed } from "@/lib/outcome";
import { verifyPassword } from "@/lib/auth/password";
import { newRecoveryCodes } from "./recovery-codes";
import { verifySecondFactor } from "./second-factor";
import { isTotpCode, matchTotpStep, newTotpSecret, openTotp, sealTotp } from "./totp";

/**
 * TOTP two-factor of one's own admin account (R-SEC-ADMINS): start (a new secret, pending until
 * confirmed), confirm with a current code (→ on, ten recovery codes shown once), cancel a pending
 * enrolment, turn off (with the password or a code), new recovery codes (with a code).
 * Every change writes its audit row in the same transaction.
 */

export type TwoFactorState =
  | { status: "off" }
  | { status: "pending"; secret: string }
  | { status: "on"; recoveryCodesLeft: number }
  // The stored secret cannot be decrypted (AUTH_SECRET changed): enrol again.
  | { status: "unreadable" };

export function twoFactorState(admin: AdminUser): TwoFactorState {
  if (!admin.totpSecret) return { status: "off" };
  if (admin.totpEnabledAt)
    return { status: "on", recoveryCodesLeft: admin.recoveryCodeHashes.length };
  const stored = openTotp(admin.id, admin.totpSecret);
  return stored ? { status: "pending", secret: stored.secret } : { status: "unreadable" };
}

type Self = { orgId: string; adminId: string };

async function record(
  db: Db,
  self: Self,
  action: string,
  patch: Parameters<typeof updateAdmin>[3],
  data?: Record<string, unknown>,
) {
  return db.transaction(async (tx) => {
    const row = await updateAdmin(tx, self.orgId, self.adminId, patch);
    if (!row) return null;
    await insertAudit(tx, self.orgId, {
      actorType: "admin",
      actorId: self.adminId,
      action,
      targetType: "admin",
      targetId: self.adminId,
      data,
    });
    return row;
  });
}

const gone = () => failed("not_found", "Your account no longer exists.");

/** A new secret, stored encrypted and pending until a code confirms it (replaces a pending one). */
export async function startTwoFactor(db: Db, self: Self): Promise<Outcome<{ secret: string }>> {
  const admin = await getAdmin(db, self.orgId, self.adminId);
  if (!admin) return gone();
  if (admin.totpEnabledAt) return failed("conflict", "Two-factor authentication is already on.");
  const secret = newTotpSecret();
  const row = await record(db, self, "admin.two_factor_setup_started", {
    totpSecret: sealTotp(admin.id, secret),
    recoveryCodeHashes: [],
  });
  return row ? done({ secret }, "Scan the code with your authenticator app.") : gone();
}

/** Confirms a pending enrolment with a current code; returns the recovery codes (shown once). */
export async function confirmTwoFactor(
  db: Db,
  self: Self,
  code: string,
  now = Date.now(),
): Promise<Outcome<{ recoveryCodes: string[] }>> {
  const admin = await getAdmin(db, self.orgId, self.adminId);
  if (!admin) return gone();
  if (admin.totpEnabledAt) return failed("conflict", "Two-factor authentication is already on.");
  const stored = admin.totpSecret ? openTotp(admin.id, admin.totpSecret) : null;
  if (!stored) return failed("invalid", "Start the set-up again: no pending secret.");
  const step = matchTotpStep(stored.secret, code.replace(/\s/g, ""), stored.lastStep, now);
  if (step === null) {
    const message =
      "This code is not valid. Check the time on your device and try the newest code.";
    return failed("invalid", message, { code: [message] });
  }
  const recovery = newRecoveryCodes();
  const row = await record(db, self, "admin.two_factor_enabled", {
    // The confirming code's step is spent: it cannot also be used to log in.
    totpSecret: sealTotp(admin.id, stored.secret, step),
    totpEnabledAt: new Date(now),
    recoveryCodeHashes: recovery.hashes,
  });
  return row ? done({ recoveryCodes: recovery.codes }, "Two-factor authentication is on.") : gone();
}

/** Drops a pending (unconfirmed) secret. */
export async function cancelTwoFactorSetup(db: Db, self: Self): Promise<Outcome<null>> {
  const admin = await getAdmin(db, self.orgId, self.adminId);
  if (!admin) return gone();
  if (admin.totpEnabledAt)
    return failed("conflict", "Two-factor authentication is on; turn it off instead.");
  await record(db, self, "admin.two_factor_setup_cancelled", { totpSecret: null });
  return done(null, "Set-up cancelled.");
}

/** Turns two-factor off; needs the account's password or a current (TOTP or recovery) code. */
export async function disableTwoFactor(
  db: Db,
  self: Self,
  proof: { password?: string; code?: string },
): Promise<Outcome<null>> {
  const admin = await getAdmin(db, self.orgId, self.adminId);
  if (!admin) return gone();
  if (!admin.totpEnabledAt) return failed("conflict", "Two-factor authentication is already off.");
  const proven = proof.password
    ? Boolean(admin.passwordHash && (await verifyPassword(proof.password, admin.passwordHash)))
    : Boolean(proof.code && (await verifySecondFactor(db, admin, proof.code)));
  if (!proven) {
    const field = proof.password ? "password" : "code";
    const message = proof.password ? "The password is incorrect." : "This code is not valid.";
    return failed("invalid", message, { [field]: [message] });
  }
  await record(
    db,
    self,
    "admin.two_factor_disabled",
    { totpSecret: null, totpEnabledAt: null, recoveryCodeHashes: [] },
    { proof: proof.password ? "password" : "code" },
  );
  return done(null, "Two-factor authentication is off.");
}

/** Replaces the recovery codes (the old ones stop working); needs a current code from the app. */
export async function regenerateRecoveryCodes(
  db: Db,
  self: Self,
  code: string,
): Promise<Outcome<{ recoveryCodes: string[] }>> {
  const admin = await getAdmin(db, self.orgId, self.adminId);
  if (!admin) return gone();
  if (!admin.totpEnabledAt) return failed("conflict", "Two-factor authentication is off.");
  // An app code only: a recovery code typed here would be spent for nothing.
  if (!isTotpCode(code.replace(/\s/g, "")) || !(await verifySecondFactor(db, admin, code))) {
    const message = "Enter a current code from your authenticator app.";
    return failed("invalid", message, { code: [message] });
  }
  const recovery = newRecoveryCodes();
  await record(db, self, "admin.recovery_codes_regenerated", {
    recoveryCodeHashes: recovery.hashes,
  });
  return done(
    { recoveryCodes: recovery.codes },
    "New recovery codes created; the old ones no longer work.",
  );
}
