import type { Db } from "@/db";
import { findAdminByEmail, getAdmin, updateAdmin } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import { type Outcome, done, failed } from "@/lib/outcome";
import { hashPassword } from "@/lib/auth/password";
import { endAllAdminSessions } from "./end-sessions";
import { spendAdminLink } from "./links";
import { sendAdminResetLink } from "./reset-link";
import { sendAdminPasswordNotice } from "./security-alert";

export { ADMIN_RESET_TTL_MINUTES } from "./reset-link";

/**
 * Emails a single-use, one-hour reset link when the address belongs to an active admin who has
 * a password; otherwise does nothing (a not_found outcome). The caller answers the same either way and runs this after
 * the response, so neither the text nor the timing tells whether the email is an admin's.
 */
export async function requestAdminPasswordReset(db: Db, email: string): Promise<Outcome<null>> {
  const admin = await findAdminByEmail(db, email);
  if (!admin?.passwordHash || admin.status !== "active")
    return failed("not_found", "No active admin with a password.");
  if (!(await sendAdminResetLink(db, admin, admin.email)))
    return failed("not_found", "The admin's organisation is gone.");
  return done(null, "Reset link sent.");
}

const expired = () =>
  failed("invalid", "This link has expired or was already used. Ask for a new one.");

/**
 * Sets a new password through a reset link: the link is spent atomically with the change, every
 * session of the admin ends. Two-factor stays as it was (still asked at login).
 */
export async function resetAdminPassword(
  db: Db,
  token: string,
  password: string,
): Promise<Outcome<{ id: string; email: string; orgId: string }>> {
  const passwordHash = await hashPassword(password);
  const outcome = await db.transaction(async (tx) => {
    const spent = await spendAdminLink(tx, "password_reset", token);
    const admin = spent ? await getAdmin(tx, spent.orgId, spent.subjectId) : null;
    if (!spent || !admin || admin.status !== "active") return expired();
    await updateAdmin(tx, admin.orgId, admin.id, { passwordHash });
    await endAllAdminSessions(tx, admin.orgId, admin.id);
    await insertAudit(tx, admin.orgId, {
      actorType: "admin",
      actorId: admin.id,
      action: "admin.password_reset",
      targetType: "admin",
      targetId: admin.id,
    });
    return done(
      { id: admin.id, email: admin.email, orgId: admin.orgId },
      "Your password was changed. Log in with it.",
    );
  });
  if (outcome.ok) await sendAdminPasswordNotice(db, outcome.value, "reset");
  return outcome;
}
