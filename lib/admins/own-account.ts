import type { Db } from "@/db";
import { setOwnAdminFields } from "@/db/queries/admin-account";
import { insertAudit } from "@/db/queries/audit";
import type { AdminUser } from "@/db/schema";
import { type Outcome, done, failed } from "@/lib/outcome";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/sessions/sessions";
import { sendAdminPasswordNotice } from "./security-alert";

/** Who is changing their own account, and from which session (that one stays). */
export type OwnAccount = { admin: AdminUser; orgId: string; sessionId: string };

const audit = (me: OwnAccount, action: string, data?: Record<string, unknown>) => ({
  actorType: "admin" as const,
  actorId: me.admin.id,
  action,
  targetType: "admin",
  targetId: me.admin.id,
  data,
});

/** The console's Account page: the admin's display name. Sessions stay. */
export async function renameOwnAdmin(db: Db, me: OwnAccount, name: string): Promise<Outcome<null>> {
  return db.transaction(async (tx) => {
    if (!(await setOwnAdminFields(tx, me.orgId, me.admin.id, { name })))
      return failed("not_found", "Your account no longer exists.");
    await insertAudit(tx, me.orgId, audit(me, "admin.profile_updated"));
    return done(null, "Name saved.");
  });
}

/**
 * Password change (R-SEC-ADMINS, R-SEC-SESSIONS): needs the current password; every other
 * session of the admin ends (their rows are deleted), this one stays.
 */
export async function changeOwnAdminPassword(
  db: Db,
  me: OwnAccount,
  currentPassword: string,
  password: string,
): Promise<Outcome<{ sessionsEnded: number }>> {
  const ok = me.admin.passwordHash
    ? await verifyPassword(currentPassword, me.admin.passwordHash)
    : false;
  if (!ok) {
    const message = "Your current password is not correct.";
    return failed("invalid", message, { currentPassword: [message] });
  }
  const passwordHash = await hashPassword(password);
  const outcome = await db.transaction(async (tx) => {
    if (!(await setOwnAdminFields(tx, me.orgId, me.admin.id, { passwordHash })))
      return failed("not_found", "Your account no longer exists.");
    const sessionsEnded = await endSessions(tx, me.orgId, "admin", me.admin.id, {
      exceptSessionId: me.sessionId,
    });
    await insertAudit(tx, me.orgId, audit(me, "admin.password_changed", { sessionsEnded }));
    return done(
      { sessionsEnded },
      sessionsEnded === 0
        ? "Password changed."
        : `Password changed. ${sessionsEnded === 1 ? "1 other session was" : `${sessionsEnded} other sessions were`} logged out.`,
    );
  });
  if (outcome.ok) await sendAdminPasswordNotice(db, me.admin, "changed");
  return outcome;
}
