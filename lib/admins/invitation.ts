import type { Db } from "@/db";
import { getAdmin, updateAdmin } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import { type Outcome, done, failed } from "@/lib/outcome";
import { hashPassword } from "@/lib/auth/password";
import { spendAdminLink } from "./links";

/**
 * Accepts an invitation: name and password set, the link spent, in one transaction. The invited
 * admin then logs in like any other (and sets up two-factor if the organisation requires it).
 */
export async function acceptAdminInvitation(
  db: Db,
  token: string,
  input: { name: string; password: string },
): Promise<Outcome<{ email: string }>> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const spent = await spendAdminLink(tx, "invitation", token);
    const admin = spent ? await getAdmin(tx, spent.orgId, spent.subjectId) : null;
    if (!spent || !admin || admin.status !== "active" || admin.passwordHash)
      return failed(
        "invalid",
        "This invitation has expired, was withdrawn or was already used. Ask an owner for a new one.",
      );
    await updateAdmin(tx, admin.orgId, admin.id, {
      name: input.name,
      passwordHash,
      bumpSession: true,
    });
    await insertAudit(tx, admin.orgId, {
      actorType: "admin",
      actorId: admin.id,
      action: "admin.invitation_accepted",
      targetType: "admin",
      targetId: admin.id,
      data: { role: admin.role },
    });
    return done({ email: admin.email }, "Welcome! Log in with your email and new password.");
  });
}
