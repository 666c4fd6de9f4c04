import type { Db, Tx } from "@/db";
import { spendAdminLinkTokens } from "@/db/queries/admin-links";
import { findAdminByEmail, getAdmin, updateAdmin } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import { getOrganisation } from "@/db/queries/organisations";
import { type Outcome, done, failed } from "@/lib/outcome";
import { hashPassword } from "@/lib/auth/password";
import { newUrlToken } from "@/lib/crypto";
import { sendEmail } from "@/lib/email/send";
import { appBaseUrl } from "@/lib/url";
import { endAllAdminSessions } from "./end-sessions";
import { issueAdminLink, peekAdminLink, spendAdminLink } from "./links";
import { sendAdminResetLink } from "./reset-link";

/**
 * R-SEC-EMAIL-CHANGE for admins, as for developers: every email or password change of an admin
 * account is told to its address (the old one, for an email change) with a "This wasn't me"
 * link. Pressing the button behind it ends every session, makes the password unusable, cancels
 * a pending email change, restores the address the notice went to and emails a reset link there.
 * Two-factor stays as it was: whoever resets the password still needs the second factor.
 */
export const ADMIN_SECURITY_ALERT_TTL_DAYS = 7;

export type AdminAlertReason = "email_changed" | "password_changed" | "password_reset";

/** Issues the "This wasn't me" token (inside the caller's transaction, with the change). */
export function issueAdminSecurityAlert(
  tx: Db | Tx,
  orgId: string,
  adminId: string,
  address: string,
  reason: AdminAlertReason,
): Promise<string> {
  return issueAdminLink(
    tx,
    orgId,
    "security_alert",
    adminId,
    ADMIN_SECURITY_ALERT_TTL_DAYS * 86_400,
    { address, reason },
  );
}

/** The notice itself, after commit; a failed send never undoes the change. */
export async function sendAdminSecurityNotice(
  db: Db,
  orgId: string,
  notice:
    | { reason: "email_changed"; to: string; token: string; newEmail: string }
    | { reason: "password_changed" | "password_reset"; to: string; token: string },
): Promise<void> {
  const org = await getOrganisation(db, orgId);
  if (!org) return;
  const common = {
    orgName: org.name,
    securityLink: `${await appBaseUrl()}/admin/security/${notice.token}`,
    expiresDays: ADMIN_SECURITY_ALERT_TTL_DAYS,
  };
  if (notice.reason === "email_changed")
    await sendEmail(db, org, notice.to, "adminEmailChanged", {
      ...common,
      newEmail: notice.newEmail,
    });
  else
    await sendEmail(db, org, notice.to, "adminPasswordChanged", {
      ...common,
      how: notice.reason === "password_reset" ? "reset" : "changed",
    });
}

/** Tells an admin's address that its password was changed or reset (after commit). */
export async function sendAdminPasswordNotice(
  db: Db,
  admin: { id: string; orgId: string; email: string },
  how: "changed" | "reset",
): Promise<void> {
  const reason = how === "reset" ? "password_reset" : "password_changed";
  const token = await issueAdminSecurityAlert(db, admin.orgId, admin.id, admin.email, reason);
  await sendAdminSecurityNotice(db, admin.orgId, { reason, to: admin.email, token });
}

/** What the "This wasn't me" page shows before the button is pressed; null when spent. */
export async function peekAdminSecurityAlert(db: Db, token: string) {
  const link = await peekAdminLink(db, "security_alert", token);
  return link ? { orgName: link.org.name, address: link.data.address ?? link.admin.email } : null;
}

class Gone extends Error {}

/**
 * "This wasn't me", confirmed by a button press. One transaction: spend the link, end every
 * session, replace the password by an unknown one (the account stays a joined member of the
 * team), cancel a pending email change, restore the address the notice went to (unless another
 * admin holds it meanwhile), audit. After commit: a reset link to that address.
 */
export async function secureAdminAccount(
  db: Db,
  token: string,
): Promise<Outcome<{ address: string; restored: boolean }>> {
  // Hashed before the transaction (scrypt is slow); nobody ever knows this password.
  const unusable = await hashPassword(newUrlToken().token);
  const secured = await db
    .transaction(async (tx) => {
      const spent = await spendAdminLink(tx, "security_alert", token);
      const admin = spent ? await getAdmin(tx, spent.orgId, spent.subjectId) : null;
      if (!spent || !admin || admin.status !== "active") throw new Gone();
      const address = spent.data.address ?? admin.email;
      const holder = address === admin.email ? admin : await findAdminByEmail(tx, address);
      const restored = address !== admin.email && !holder;
      await updateAdmin(tx, admin.orgId, admin.id, {
        passwordHash: unusable,
        ...(restored ? { email: address } : {}),
      });
      await endAllAdminSessions(tx, admin.orgId, admin.id);
      await spendAdminLinkTokens(tx, admin.orgId, admin.id, "email_change");
      await insertAudit(tx, admin.orgId, {
        actorType: "admin",
        actorId: admin.id,
        action: "admin.account_secured",
        targetType: "admin",
        targetId: admin.id,
        data: {
          reason: spent.data.reason ?? null,
          ...(restored ? { restoredEmail: { from: admin.email, to: address } } : {}),
        },
      });
      return { admin: { ...admin, email: restored ? address : admin.email }, address, restored };
    })
    .catch((err: unknown) => {
      if (err instanceof Gone) return null;
      throw err;
    });
  if (!secured)
    return failed(
      "invalid",
      "This link has expired or was already used. Request a password reset from the login page instead.",
    );
  await sendAdminResetLink(db, secured.admin, secured.address);
  return done(
    { address: secured.address, restored: secured.restored },
    `Every session was logged out and the password no longer works. We sent a link to choose a new one to ${secured.address}.`,
  );
}
