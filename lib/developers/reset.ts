import type { Db, Tx } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { findDeveloperByEmail } from "@/db/queries/developers";
import type { Developer, Organisation } from "@/db/schema";
import { issueLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";
import { type Outcome, developerActor, done, failed } from "@/lib/outcome";
import { transact } from "@/lib/transaction";

export const RESET_TTL_MINUTES = 60;

/**
 * R-PASSWORD-RESET: emails a single-use link (1 hour) when the address has an active account;
 * otherwise does nothing (a not_found outcome). The caller answers the same either way and runs
 * this after the response, so neither the text nor the timing tells whether the email has an
 * account. The link and its audit row commit together; the email goes after the commit.
 */
export async function requestPasswordReset(
  db: Db,
  org: Organisation,
  email: string,
  portalUrl: string,
): Promise<Outcome<null>> {
  const dev = await findDeveloperByEmail(db, org.id, email);
  if (!dev || dev.status !== "active") return failed("not_found", "No active account.");
  return transact(db, async (tx, after) => {
    const token = await issueResetLink(tx, org, dev);
    await insertAudit(tx, org.id, {
      ...developerActor(dev.id),
      action: "developer.password_reset_requested",
      targetType: "developer",
      targetId: dev.id,
    });
    after.then(() => emailResetLink(db, org, dev.email, portalUrl, token));
    return done(null, "Reset link sent.");
  });
}

/** Issues a reset link for the developer (voiding earlier ones) and emails it to `to`. */
export async function sendResetLink(
  db: Db,
  org: Organisation,
  dev: Pick<Developer, "id">,
  to: string,
  portalUrl: string,
) {
  await emailResetLink(db, org, to, portalUrl, await issueResetLink(db, org, dev));
}

function issueResetLink(db: Db | Tx, org: Organisation, dev: Pick<Developer, "id">) {
  return issueLinkToken(db, org.id, "password_reset", dev.id, RESET_TTL_MINUTES * 60);
}

function emailResetLink(db: Db, org: Organisation, to: string, portalUrl: string, token: string) {
  return sendEmail(db, org, to, "passwordReset", {
    orgName: org.name,
    link: `${portalUrl}/reset/${token}`,
    expiresMinutes: RESET_TTL_MINUTES,
  });
}
