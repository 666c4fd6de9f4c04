import type { Db } from "@/db";
import { spendRecoveryCode, swapTotpSecret } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import type { AdminUser } from "@/db/schema";
import { hashRecoveryCode } from "./recovery-codes";
import { isTotpCode, matchTotpStep, openTotp, sealTotp } from "./totp";

export type SecondFactor = "totp" | "recovery_code";

/**
 * Checks a second factor of an admin with two-factor on: a 6-digit TOTP code (±1 step, never a
 * step already used) or one of their recovery codes (spent). Both are atomic in the database, so
 * two requests with the same code cannot both pass. Null when the code is not valid.
 */
export async function verifySecondFactor(
  db: Db,
  admin: AdminUser,
  input: string,
  now = Date.now(),
): Promise<SecondFactor | null> {
  if (!admin.totpEnabledAt || !admin.totpSecret) return null;
  const code = input.trim().replace(/\s/g, "");
  if (isTotpCode(code)) {
    const stored = openTotp(admin.id, admin.totpSecret);
    if (!stored) return null;
    const step = matchTotpStep(stored.secret, code, stored.lastStep, now);
    if (step === null) return null;
    const next = sealTotp(admin.id, stored.secret, step);
    return (await swapTotpSecret(db, admin.orgId, admin.id, admin.totpSecret, next))
      ? "totp"
      : null;
  }
  const hash = hashRecoveryCode(code);
  if (!hash || !(await spendRecoveryCode(db, admin.orgId, admin.id, hash))) return null;
  await insertAudit(db, admin.orgId, {
    actorType: "admin",
    actorId: admin.id,
    action: "admin.recovery_code_used",
    targetType: "admin",
    targetId: admin.id,
    data: { remaining: Math.max(0, admin.recoveryCodeHashes.length - 1) },
  });
  return "recovery_code";
}
