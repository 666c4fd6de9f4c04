import type { Db, Tx } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { spendAuthTokensOf } from "@/db/queries/auth-tokens";
import { findDeveloperByEmail, getDeveloper, updateDeveloper } from "@/db/queries/developers";
import type { Organisation } from "@/db/schema";
import { checkLinkToken, issueLinkToken, spendLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";
import { done, failed, type Outcome } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { appUrl } from "@/lib/url";
import { sendResetLink } from "./reset";

/**
 * R-SEC-EMAIL-CHANGE: every email or password change is told to the account's address (the old
 * one, for an email change) with a "This wasn't me" link. Following it and pressing the button
 * ends every session, clears the password (so whoever changed it cannot log back in), restores
 * the address the notice went to, and sends a password reset link there.
 */
export const SECURITY_ALERT_TTL_DAYS = 7;

/** The portal's absolute URL, from APP_URL only (R-SEC-LINKS). */
export function portalUrlOf(org: Pick<Organisation, "slug">): string {
  return `${appUrl()}/${org.slug}`;
}

export type AlertReason = "email_changed" | "password_changed" | "password_reset";

/**
 * Issues the "This wasn't me" token inside the caller's transaction (with the change it is about);
 * `address` is where the notice goes and what the account returns to if the link is used.
 */
export function issueSecurityAlert(
  tx: Db | Tx,
  orgId: string,
  developerId: string,
  address: string,
  reason: AlertReason,
): Promise<string> {
  return issueLinkToken(
    tx,
    orgId,
    "security_alert",
    developerId,
    SECURITY_ALERT_TTL_DAYS * 86_400,
    { address, reason },
  );
}

/** The notice itself, after commit: "Your email was changed" or "Your password was changed/reset". */
export async function sendSecurityNotice(
  db: Db,
  org: Organisation,
  notice:
    | { reason: "email_changed"; to: string; token: string; newEmail: string }
    | { reason: "password_changed" | "password_reset"; to: string; token: string },
) {
  const common = {
    orgName: org.name,
    securityLink: `${portalUrlOf(org)}/security/${notice.token}`,
    expiresDays: SECURITY_ALERT_TTL_DAYS,
  };
  if (notice.reason === "email_changed")
    await sendEmail(db, org, notice.to, "emailChanged", { ...common, newEmail: notice.newEmail });
  else
    await sendEmail(db, org, notice.to, "passwordChanged", {
      ...common,
      how: notice.reason === "password_reset" ? "reset" : "changed",
    });
}

/** What the "This wasn't me" page shows before the button is pressed; null when the link is spent. */
export async function peekSecurityAlert(db: Db, org: Organisation, token: string) {
  const row = await checkLinkToken(db, org.id, "security_alert", token);
  return row ? { address: row.data.address ?? "", reason: row.data.reason ?? "" } : null;
}

/**
 * "This wasn't me", confirmed by a button press. One transaction: spend the link, end every
 * session, clear the password, cancel a pending email change, restore the address the notice
 * went to (unless another developer took it meanwhile), audit. After commit: the reset email.
 */
export function secureAccount(
  db: Db,
  org: Organisation,
  token: string,
): Promise<Outcome<{ address: string; restored: boolean }>> {
  return transact(db, async (tx, after) => {
    const spent = await spendLinkToken(tx, org.id, "security_alert", token);
    const dev = spent ? await getDeveloper(tx, org.id, spent.subjectId) : null;
    if (!spent || !dev)
      return failed(
        "not_found",
        "This link has expired or was already used. Request a password reset instead.",
      );
    const address = spent.data.address ?? dev.email;
    const holder = await findDeveloperByEmail(tx, org.id, address);
    const restored = address !== dev.email && !holder;
    await updateDeveloper(tx, org.id, dev.id, {
      passwordHash: null,
      bumpSession: true,
      ...(restored ? { email: address, emailVerifiedAt: new Date() } : {}),
    });
    await spendAuthTokensOf(tx, org.id, dev.id, "email_change");
    await insertAudit(tx, org.id, {
      actorType: "developer",
      actorId: dev.id,
      action: "developer.account_secured",
      targetType: "developer",
      targetId: dev.id,
      data: {
        reason: spent.data.reason ?? null,
        ...(restored ? { restoredEmail: { from: dev.email, to: address } } : {}),
      },
    });
    after.then(() => sendResetLink(db, org, dev, address, portalUrlOf(org)));
    return done(
      { address, restored },
      `Every session was logged out and the password no longer works. We sent a link to choose a new one to ${address}.`,
    );
  });
}
