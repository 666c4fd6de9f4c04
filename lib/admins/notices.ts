import type { Db } from "@/db";
import { getOrganisation } from "@/db/queries/organisations";
import { sendEmail } from "@/lib/email/send";
import { appBaseUrl } from "@/lib/url";

/**
 * Tells an admin's address that its password changed (R-SEC-EMAIL-CHANGE: "the old address is
 * told of every email or password change"), with the way back: the console's reset request.
 * Sent after the change committed; a failed send never undoes the change.
 */
export async function sendAdminPasswordNotice(
  db: Db,
  admin: { orgId: string; email: string },
  how: "changed" | "reset",
): Promise<void> {
  const org = await getOrganisation(db, admin.orgId);
  if (!org) return;
  await sendEmail(db, org, admin.email, "adminPasswordChanged", {
    orgName: org.name,
    how,
    resetLink: `${await appBaseUrl()}/admin/reset`,
  });
}
