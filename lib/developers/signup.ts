import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { insertDeveloper } from "@/db/queries/developers";
import type { Organisation } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { sendEmail } from "@/lib/email/send";
import { done } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { sendVerificationEmail } from "./verify";

export type SignupResult = { created: boolean; developerId: string | null };

export type SignupInput = {
  email: string;
  password: string;
  name: string;
  customFields: Record<string, string | boolean>;
};

/**
 * Creates a developer account (R-PORTAL-SIGNUP). The caller answers the same whether or not
 * the email was taken: a new account gets a welcome email, an existing one a notice — so
 * the response never reveals whether an email has an account. The account, its audit row and
 * its developer.created event commit together; the emails go after the commit.
 */
export async function signUpDeveloper(
  db: Db,
  org: Organisation,
  input: SignupInput,
  portalUrl: string,
): Promise<SignupResult> {
  const passwordHash = await hashPassword(input.password);
  const outcome = await transact<SignupResult>(db, async (tx, after) => {
    const dev = await insertDeveloper(tx, org.id, {
      email: input.email,
      name: input.name,
      customFields: input.customFields,
      passwordHash,
    });
    if (!dev) {
      after.then(() =>
        sendEmail(db, org, input.email.trim().toLowerCase(), "signupExisting", {
          orgName: org.name,
          loginUrl: `${portalUrl}/login`,
          resetUrl: `${portalUrl}/reset`,
        }),
      );
      return done({ created: false, developerId: null }, "The email already has an account.");
    }
    await insertAudit(tx, org.id, {
      actorType: "developer",
      actorId: dev.id,
      action: "developer.signed_up",
      targetType: "developer",
      targetId: dev.id,
    });
    await after.event(org.id, "developer.created", {
      developer_id: dev.id,
      email: dev.email,
      name: dev.name,
      source: "signup",
    });
    after.then(() =>
      org.requireEmailVerification
        ? sendVerificationEmail(db, org, dev, portalUrl)
        : sendEmail(db, org, dev.email, "welcome", {
            orgName: org.name,
            name: dev.name,
            portalUrl: `${portalUrl}/login`,
          }),
    );
    return done({ created: true, developerId: dev.id }, "Account created.");
  });
  // Only successful outcomes are returned above: a database error throws.
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.value;
}
