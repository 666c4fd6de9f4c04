import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { updateDeveloper } from "@/db/queries/developers";
import type { Developer, Organisation } from "@/db/schema";
import { issueLinkToken, spendLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";
import { type Outcome, developerActor, done, failed } from "@/lib/outcome";
import { transact } from "@/lib/transaction";

export const VERIFY_TTL_HOURS = 48;

/** Emails a link that confirms the address (needed before key requests when the org asks for it). */
export async function sendVerificationEmail(
  db: Db,
  org: Organisation,
  dev: Developer,
  portalUrl: string,
) {
  const token = await issueLinkToken(
    db,
    org.id,
    "email_verification",
    dev.id,
    VERIFY_TTL_HOURS * 3600,
  );
  await sendEmail(db, org, dev.email, "verifyEmail", {
    orgName: org.name,
    link: `${portalUrl}/verify/${token}`,
  });
}

/**
 * Confirms the address behind a verification link; the link works once. The link is spent in
 * the same transaction as the confirmation and its audit row: all three or none.
 */
export function confirmEmail(
  db: Db,
  org: Organisation,
  token: string,
): Promise<Outcome<{ developerId: string }>> {
  return transact(db, async (tx) => {
    const spent = await spendLinkToken(tx, org.id, "email_verification", token);
    if (!spent) return expired();
    const row = await updateDeveloper(tx, org.id, spent.subjectId, { emailVerifiedAt: new Date() });
    if (!row || row === "email_taken") return expired();
    await insertAudit(tx, org.id, {
      ...developerActor(row.id),
      action: "developer.email_verified",
      targetType: "developer",
      targetId: row.id,
    });
    return done({ developerId: row.id }, "Your email address is confirmed.");
  });
}

const expired = () =>
  failed(
    "invalid",
    "This link has expired or was already used. Send yourself a new one from your dashboard.",
  );
