import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { updateDeveloper } from "@/db/queries/developers";
import type { Developer, Organisation } from "@/db/schema";
import { issueLinkToken, spendLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";

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

/** Confirms the address behind a verification link; the link works once. */
export async function confirmEmail(db: Db, org: Organisation, token: string): Promise<boolean> {
  const spent = await spendLinkToken(db, org.id, "email_verification", token);
  if (!spent) return false;
  const row = await updateDeveloper(db, org.id, spent.subjectId, { emailVerifiedAt: new Date() });
  if (!row || row === "email_taken") return false;
  await insertAudit(db, org.id, {
    actorType: "developer",
    actorId: row.id,
    action: "developer.email_verified",
    targetType: "developer",
    targetId: row.id,
  });
  return true;
}
