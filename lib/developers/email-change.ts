import type { Db, Tx } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { newestLiveAuthToken, spendAuthTokensOf } from "@/db/queries/auth-tokens";
import { findDeveloperByEmail, getDeveloper, updateDeveloper } from "@/db/queries/developers";
import type { Developer, Organisation } from "@/db/schema";
import { checkLinkToken, issueLinkToken, spendLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";
import { done, failed, type Outcome } from "@/lib/outcome";
import { type AfterCommit, transact } from "@/lib/transaction";
import { checkCurrent } from "./profile";
import { issueSecurityAlert, portalUrlOf, sendSecurityNotice } from "./security-alert";

/**
 * R-SEC-EMAIL-CHANGE: a new email becomes the login only once it is confirmed from its inbox.
 * Asking (with the current password) sends a single-use link to the new address and changes
 * nothing else; the link's page confirms with a button press (mail scanners open links); on
 * confirmation the email changes, every session ends and the old address gets a notice with a
 * "This wasn't me" link. Whether the new address already has an account is said only on the
 * confirmation page, to whoever holds that inbox.
 */
export const EMAIL_CHANGE_TTL_HOURS = 24;

export type PendingEmailChange = { newEmail: string; expiresAt: Date };

/** Issues the link in the transaction (voiding earlier ones); the email goes after commit. */
async function queueConfirmation(
  tx: Tx,
  after: AfterCommit,
  db: Db,
  org: Organisation,
  dev: Developer,
  newEmail: string,
) {
  const token = await issueLinkToken(
    tx,
    org.id,
    "email_change",
    dev.id,
    EMAIL_CHANGE_TTL_HOURS * 3600,
    { newEmail },
  );
  after.then(() =>
    sendEmail(db, org, newEmail, "emailChangeConfirm", {
      orgName: org.name,
      newEmail,
      link: `${portalUrlOf(org)}/confirm-email/${token}`,
      expiresHours: EMAIL_CHANGE_TTL_HOURS,
    }),
  );
}

/** Asks to change the email: checks the current password, emails a link to the new address. */
export async function requestEmailChange(
  db: Db,
  org: Organisation,
  dev: Developer,
  input: { email: string; currentPassword: string },
): Promise<Outcome<{ newEmail: string }>> {
  const bad = await checkCurrent(dev, input.currentPassword);
  if (bad) return bad;
  const newEmail = input.email.trim().toLowerCase();
  if (newEmail === dev.email) {
    const message = "This is already your email.";
    return failed("invalid", message, { email: [message] });
  }
  return transact(db, async (tx, after) => {
    // The link supersedes any earlier pending change: only the newest address can be confirmed.
    await queueConfirmation(tx, after, db, org, dev, newEmail);
    await insertAudit(tx, org.id, {
      actorType: "developer",
      actorId: dev.id,
      action: "developer.email_change_requested",
      targetType: "developer",
      targetId: dev.id,
      data: { to: newEmail },
    });
    return done(
      { newEmail },
      `We sent a link to ${newEmail}. Your email changes when you confirm it there.`,
    );
  });
}

/** The change waiting for confirmation, for the Edit profile page. */
export async function pendingEmailChange(
  db: Db,
  orgId: string,
  developerId: string,
): Promise<PendingEmailChange | null> {
  const row = await newestLiveAuthToken(db, orgId, developerId, "email_change");
  return row?.data.newEmail ? { newEmail: row.data.newEmail, expiresAt: row.expiresAt } : null;
}

/** Sends the pending change's link again (a new link; the earlier one stops working). */
export async function resendEmailChange(
  db: Db,
  org: Organisation,
  dev: Developer,
): Promise<Outcome<{ newEmail: string }>> {
  const pending = await pendingEmailChange(db, org.id, dev.id);
  if (!pending) return failed("not_found", "No email change is waiting for confirmation.");
  const { newEmail } = pending;
  return transact(db, async (tx, after) => {
    await queueConfirmation(tx, after, db, org, dev, newEmail);
    await insertAudit(tx, org.id, {
      actorType: "developer",
      actorId: dev.id,
      action: "developer.email_change_resent",
      targetType: "developer",
      targetId: dev.id,
      data: { to: newEmail },
    });
    return done({ newEmail }, `We sent a new link to ${newEmail}. Earlier links no longer work.`);
  });
}

/** Cancels the pending change: its link stops working. */
export async function cancelEmailChange(db: Db, org: Organisation, dev: Developer) {
  const cancelled = await db.transaction(async (tx) => {
    const n = await spendAuthTokensOf(tx, org.id, dev.id, "email_change");
    if (n > 0)
      await insertAudit(tx, org.id, {
        actorType: "developer",
        actorId: dev.id,
        action: "developer.email_change_cancelled",
        targetType: "developer",
        targetId: dev.id,
      });
    return n > 0;
  });
  return cancelled;
}

/** What the confirmation page shows before the button is pressed; null when the link is spent. */
export async function peekEmailChange(db: Db, org: Organisation, token: string) {
  const row = await checkLinkToken(db, org.id, "email_change", token);
  return row?.data.newEmail ? { newEmail: row.data.newEmail } : null;
}

const LINK_GONE = "This link has expired or was already used. Ask for a new one from Edit profile.";
const EMAIL_TAKEN =
  "This email already has an account in this portal, so it cannot become the email of another one. Nothing was changed.";

/**
 * Confirms the change behind a link: one transaction spends the link, changes the email (now
 * confirmed), ends every session, issues the old address's "This wasn't me" link and audits.
 * A taken address rolls everything back (the link stays usable until it expires). After commit:
 * the notice to the old address.
 */
export function confirmEmailChange(
  db: Db,
  org: Organisation,
  token: string,
): Promise<Outcome<{ newEmail: string }>> {
  return transact(db, async (tx, after) => {
    const spent = await spendLinkToken(tx, org.id, "email_change", token);
    const newEmail = spent?.data.newEmail;
    const dev = spent ? await getDeveloper(tx, org.id, spent.subjectId) : null;
    if (!spent || !newEmail || !dev || dev.status !== "active")
      return failed("not_found", LINK_GONE);
    // Checked first: a unique violation inside a Postgres transaction would abort it.
    if (await findDeveloperByEmail(tx, org.id, newEmail)) return failed("conflict", EMAIL_TAKEN);
    const row = await updateDeveloper(tx, org.id, dev.id, {
      email: newEmail,
      emailVerifiedAt: new Date(),
      bumpSession: true,
    });
    if (!row || row === "email_taken") return failed("conflict", EMAIL_TAKEN);
    const alert = await issueSecurityAlert(tx, org.id, dev.id, dev.email, "email_changed");
    await insertAudit(tx, org.id, {
      actorType: "developer",
      actorId: dev.id,
      action: "developer.email_changed",
      targetType: "developer",
      targetId: dev.id,
      data: { from: dev.email, to: newEmail },
    });
    after.then(() =>
      sendSecurityNotice(db, org, {
        reason: "email_changed",
        to: dev.email,
        token: alert,
        newEmail,
      }),
    );
    return done({ newEmail }, `Your email is now ${newEmail}. Log in with it.`);
  });
}
