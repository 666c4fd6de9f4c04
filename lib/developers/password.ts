import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { updateDeveloper } from "@/db/queries/developers";
import type { Organisation } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { spendLinkToken } from "@/lib/auth/tokens";
import { done, failed, type Outcome } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { issueSecurityAlert, sendSecurityNotice } from "./security-alert";

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
): Promise<Outcome<null>> {
  const passwordHash = await hashPassword(password);
  return transact(db, async (tx, after) => {
    const spent = await spendLinkToken(tx, org.id, kind, token);
    if (!spent)
      return failed("not_found", "This link has expired or was already used. Ask for a new one.");
    const row = await updateDeveloper(tx, org.id, spent.subjectId, {
      passwordHash,
      emailVerifiedAt: new Date(),
      bumpSession: true,
    });
    if (!row || row === "email_taken") return failed("not_found", "This account no longer exists.");
    await insertAudit(tx, org.id, {
      actorType: "developer",
      actorId: row.id,
      action: kind === "invitation" ? "developer.invitation_accepted" : "developer.password_reset",
      targetType: "developer",
      targetId: row.id,
    });
    if (kind === "password_reset") {
      const alert = await issueSecurityAlert(tx, org.id, row.id, row.email, "password_reset");
      after.then(() =>
        sendSecurityNotice(db, org, { reason: "password_reset", to: row.email, token: alert }),
      );
    }
    return done(null, "Password set. Log in with it.");
  });
}
