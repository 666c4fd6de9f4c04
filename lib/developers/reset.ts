import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { findDeveloperByEmail } from "@/db/queries/developers";
import type { Developer, Organisation } from "@/db/schema";
import { issueLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";

export const RESET_TTL_MINUTES = 60;

/**
 * R-PASSWORD-RESET: emails a single-use link (1 hour) when the address has an active account;
 * otherwise does nothing. The caller answers the same either way and runs this after the
 * response, so neither the text nor the timing tells whether the email has an account.
 */
export async function requestPasswordReset(
  db: Db,
  org: Organisation,
  email: string,
  portalUrl: string,
): Promise<boolean> {
  const dev = await findDeveloperByEmail(db, org.id, email);
  if (!dev || dev.status !== "active") return false;
  await sendResetLink(db, org, dev, dev.email, portalUrl);
  await insertAudit(db, org.id, {
    actorType: "developer",
    actorId: dev.id,
    action: "developer.password_reset_requested",
    targetType: "developer",
    targetId: dev.id,
  });
  return true;
}

/** Issues a reset link for the developer (voiding earlier ones) and emails it to `to`. */
export async function sendResetLink(
  db: Db,
  org: Organisation,
  dev: Pick<Developer, "id">,
  to: string,
  portalUrl: string,
) {
  const token = await issueLinkToken(db, org.id, "password_reset", dev.id, RESET_TTL_MINUTES * 60);
  await sendEmail(db, org, to, "passwordReset", {
    orgName: org.name,
    link: `${portalUrl}/reset/${token}`,
    expiresMinutes: RESET_TTL_MINUTES,
  });
}
