import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { updateDeveloper } from "@/db/queries/developers";
import type { Organisation } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { spendLinkToken } from "@/lib/auth/tokens";
import { issueSecurityAlert, sendSecurityNotice } from "./security-alert";

type Result = { ok: true } | { ok: false; error: string };

/**
 * Sets a developer's password through an emailed link (invitation or reset). The token is spent
 * atomically, so a link works once; earlier sessions end. Following the link proves the email.
 * A completed reset is told to the account's address with a "This wasn't me" link
 * (R-SEC-EMAIL-CHANGE); the notice goes out after commit.
 */
export async function setPasswordWithLink(
  db: Db,
  org: Organisation,
  kind: "invitation" | "password_reset",
  token: string,
  password: string,
): Promise<Result> {
  const passwordHash = await hashPassword(password);
  const done = await db.transaction(async (tx) => {
    const spent = await spendLinkToken(tx, org.id, kind, token);
    if (!spent) return "expired" as const;
    const row = await updateDeveloper(tx, org.id, spent.subjectId, {
      passwordHash,
      emailVerifiedAt: new Date(),
      bumpSession: true,
    });
    if (!row || row === "email_taken") return "gone" as const;
    await insertAudit(tx, org.id, {
      actorType: "developer",
      actorId: row.id,
      action: kind === "invitation" ? "developer.invitation_accepted" : "developer.password_reset",
      targetType: "developer",
      targetId: row.id,
    });
    const alert =
      kind === "password_reset"
        ? await issueSecurityAlert(tx, org.id, row.id, row.email, "password_reset")
        : null;
    return { email: row.email, alert };
  });
  if (done === "expired")
    return { ok: false, error: "This link has expired or was already used. Ask for a new one." };
  if (done === "gone") return { ok: false, error: "This account no longer exists." };
  if (done.alert)
    await sendSecurityNotice(db, org, {
      reason: "password_reset",
      to: done.email,
      token: done.alert,
    });
  return { ok: true };
}
