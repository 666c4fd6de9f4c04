import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { getOrganisation } from "@/db/queries/organisations";
import { sendEmail } from "@/lib/email/send";
import { appBaseUrl } from "@/lib/url";
import { issueAdminLink } from "./links";

export const ADMIN_RESET_TTL_MINUTES = 60;

/**
 * Issues an admin's single-use, one-hour reset link (earlier ones stop working), audits it and
 * emails it to `to`. Used by "Forgot password?" and by "This wasn't me".
 */
export async function sendAdminResetLink(
  db: Db,
  admin: { id: string; orgId: string },
  to: string,
): Promise<boolean> {
  const org = await getOrganisation(db, admin.orgId);
  if (!org) return false;
  const token = await db.transaction(async (tx) => {
    const t = await issueAdminLink(
      tx,
      org.id,
      "password_reset",
      admin.id,
      ADMIN_RESET_TTL_MINUTES * 60,
    );
    await insertAudit(tx, org.id, {
      actorType: "admin",
      actorId: admin.id,
      action: "admin.password_reset_requested",
      targetType: "admin",
      targetId: admin.id,
    });
    return t;
  });
  await sendEmail(db, org, to, "adminPasswordReset", {
    orgName: org.name,
    link: `${await appBaseUrl()}/admin/reset/${token}`,
    expiresMinutes: ADMIN_RESET_TTL_MINUTES,
  });
  return true;
}
