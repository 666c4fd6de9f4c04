import type { Db } from "@/db";
import { spendAdminLinkTokens } from "@/db/queries/admin-links";
import { newestLiveAuthToken } from "@/db/queries/auth-tokens";
import { findAdminByEmail, getAdmin, updateAdmin } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import { getOrganisation } from "@/db/queries/organisations";
import type { AdminUser } from "@/db/schema";
import { type Outcome, done, failed } from "@/lib/outcome";
import { verifyPassword } from "@/lib/auth/password";
import { sendEmail } from "@/lib/email/send";
import { appBaseUrl } from "@/lib/url";
import { endAllAdminSessions } from "./end-sessions";
import { issueAdminLink, peekAdminLink, spendAdminLink } from "./links";
import type { OwnAccount } from "./own-account";
import { issueAdminSecurityAlert, sendAdminSecurityNotice } from "./security-alert";

/**
 * R-SEC-EMAIL-CHANGE, R-SEC-ADMINS: an admin's new email becomes their login only once it is
 * confirmed from its inbox — the same flow as a developer's. Asking (with the current password)
 * sends a single-use link to the new address and changes nothing else; the page behind the link
 * confirms with a button press (mail scanners open links); on confirmation the email changes,
 * every session ends and the old address gets a notice with a "This wasn't me" link. Admin emails
 * are unique per install: whether the new address is taken is said only on the confirmation
 * page, to whoever holds that inbox.
 */
export const ADMIN_EMAIL_CHANGE_TTL_HOURS = 24;

export type PendingAdminEmailChange = { newEmail: string; expiresAt: Date };

const audit = (adminId: string, action: string, data?: Record<string, unknown>) => ({
  actorType: "admin" as const,
  actorId: adminId,
  action,
  targetType: "admin",
  targetId: adminId,
  data,
});

async function sendConfirmation(db: Db, admin: AdminUser, newEmail: string) {
  const org = await getOrganisation(db, admin.orgId);
  if (!org) return;
  const token = await issueAdminLink(
    db,
    admin.orgId,
    "email_change",
    admin.id,
    ADMIN_EMAIL_CHANGE_TTL_HOURS * 3600,
    { newEmail },
  );
  await sendEmail(db, org, newEmail, "adminEmailChangeConfirm", {
    orgName: org.name,
    newEmail,
    link: `${await appBaseUrl()}/admin/confirm-email/${token}`,
    expiresHours: ADMIN_EMAIL_CHANGE_TTL_HOURS,
  });
}

/** Asks to change the own email: checks the current password, emails a link to the new address. */
export async function requestAdminEmailChange(
  db: Db,
  me: OwnAccount,
  input: { email: string; currentPassword: string },
): Promise<Outcome<{ newEmail: string }>> {
  const ok = me.admin.passwordHash
    ? await verifyPassword(input.currentPassword, me.admin.passwordHash)
    : false;
  if (!ok) {
    const message = "Your current password is not correct.";
    return failed("invalid", message, { currentPassword: [message] });
  }
  const newEmail = input.email.trim().toLowerCase();
  if (newEmail === me.admin.email.toLowerCase()) {
    const message = "This is already your email.";
    return failed("invalid", message, { email: [message] });
  }
  // The link supersedes any earlier pending change: only the newest address can be confirmed.
  await sendConfirmation(db, me.admin, newEmail);
  await insertAudit(
    db,
    me.orgId,
    audit(me.admin.id, "admin.email_change_requested", { to: newEmail }),
  );
  return done(
    { newEmail },
    `We sent a link to ${newEmail}. Your email changes when you confirm it there.`,
  );
}

/** The change waiting for confirmation, for the Account page. */
export async function pendingAdminEmailChange(
  db: Db,
  orgId: string,
  adminId: string,
): Promise<PendingAdminEmailChange | null> {
  // Subject ids are prefixed (adm_, dev_): an admin id names only that admin's links.
  const row = await newestLiveAuthToken(db, orgId, adminId, "email_change");
  return row?.data.newEmail ? { newEmail: row.data.newEmail, expiresAt: row.expiresAt } : null;
}

/** Sends the pending change's link again (a new link; the earlier one stops working). */
export async function resendAdminEmailChange(
  db: Db,
  me: OwnAccount,
): Promise<Outcome<{ newEmail: string }>> {
  const pending = await pendingAdminEmailChange(db, me.orgId, me.admin.id);
  if (!pending) return failed("invalid", "No email change is waiting for confirmation.");
  await sendConfirmation(db, me.admin, pending.newEmail);
  await insertAudit(
    db,
    me.orgId,
    audit(me.admin.id, "admin.email_change_resent", { to: pending.newEmail }),
  );
  return done(
    { newEmail: pending.newEmail },
    `We sent a new link to ${pending.newEmail}. Earlier links no longer work.`,
  );
}

/** Cancels the pending change: its link stops working. */
export async function cancelAdminEmailChange(
  db: Db,
  me: OwnAccount,
): Promise<Outcome<{ cancelled: boolean }>> {
  const pending = await pendingAdminEmailChange(db, me.orgId, me.admin.id);
  if (!pending) return done({ cancelled: false }, "No email change was waiting.");
  await db.transaction(async (tx) => {
    await spendAdminLinkTokens(tx, me.orgId, me.admin.id, "email_change");
    await insertAudit(tx, me.orgId, audit(me.admin.id, "admin.email_change_cancelled"));
  });
  return done({ cancelled: true }, "Email change cancelled. Your email stays as it is.");
}

/** What the confirmation page shows before the button is pressed; null when the link is spent. */
export async function peekAdminEmailChange(db: Db, token: string) {
  const link = await peekAdminLink(db, "email_change", token);
  return link?.data.newEmail ? { newEmail: link.data.newEmail, orgName: link.org.name } : null;
}

class Refused extends Error {
  constructor(readonly reason: "gone" | "taken") {
    super(reason);
  }
}

/**
 * Confirms the change behind a link: one transaction spends the link, changes the email, ends
 * every session, issues the old address's "This wasn't me" link and audits. A taken address
 * rolls everything back (the link stays usable until it expires). After commit: the notice to
 * the old address.
 */
export async function confirmAdminEmailChange(
  db: Db,
  token: string,
): Promise<Outcome<{ newEmail: string }>> {
  try {
    const changed = await db.transaction(async (tx) => {
      const spent = await spendAdminLink(tx, "email_change", token);
      const newEmail = spent?.data.newEmail;
      const admin = spent ? await getAdmin(tx, spent.orgId, spent.subjectId) : null;
      if (!spent || !newEmail || !admin || admin.status !== "active") throw new Refused("gone");
      // Checked first: a unique violation inside a Postgres transaction would abort it.
      if (await findAdminByEmail(tx, newEmail)) throw new Refused("taken");
      await updateAdmin(tx, admin.orgId, admin.id, { email: newEmail });
      await endAllAdminSessions(tx, admin.orgId, admin.id);
      const alert = await issueAdminSecurityAlert(
        tx,
        admin.orgId,
        admin.id,
        admin.email,
        "email_changed",
      );
      await insertAudit(
        tx,
        admin.orgId,
        audit(admin.id, "admin.email_changed", { from: admin.email, to: newEmail }),
      );
      return { orgId: admin.orgId, oldEmail: admin.email, newEmail, alert };
    });
    await sendAdminSecurityNotice(db, changed.orgId, {
      reason: "email_changed",
      to: changed.oldEmail,
      token: changed.alert,
      newEmail: changed.newEmail,
    });
    return done(
      { newEmail: changed.newEmail },
      `Your admin email is now ${changed.newEmail}. Log in with it.`,
    );
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return err.reason === "taken"
      ? failed(
          "conflict",
          "This email already belongs to an admin account, so it cannot become the email of another one. Nothing was changed.",
        )
      : failed(
          "invalid",
          "This link has expired or was already used. Ask for a new one from your Account page.",
        );
  }
}
