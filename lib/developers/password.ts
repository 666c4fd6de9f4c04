import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { updateDeveloper } from "@/db/queries/developers";
import type { Organisation } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { spendLinkToken } from "@/lib/auth/tokens";

/**
 * Sets a developer's password through an emailed link (invitation or reset). The token is spent
 * atomically, so a link works once; earlier sessions end. Following the link proves the email.
 */
export async function setPasswordWithLink(
  db: Db,
  org: Organisation,
  kind: "invitation" | "password_reset",
  token: string,
  password: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const spent = await spendLinkToken(db, org.id, kind, token);
  if (!spent)
    return { ok: false, error: "This link has expired or was already used. Ask for a new one." };
  const row = await updateDeveloper(db, org.id, spent.subjectId, {
    passwordHash: await hashPassword(password),
    emailVerifiedAt: new Date(),
    bumpSession: true,
  });
  if (!row || row === "email_taken") return { ok: false, error: "This account no longer exists." };
  await insertAudit(db, org.id, {
    actorType: "developer",
    actorId: row.id,
    action: kind === "invitation" ? "developer.invitation_accepted" : "developer.password_reset",
    targetType: "developer",
    targetId: row.id,
  });
  return { ok: true };
}
