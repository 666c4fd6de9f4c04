import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { insertDeveloper } from "@/db/queries/developers";
import type { Organisation } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { sendEmail } from "@/lib/email/send";
import { emitEvent } from "@/lib/webhooks/emit";
import { sendVerificationEmail } from "./verify";

export type SignupInput = {
  email: string;
  password: string;
  name: string;
  customFields: Record<string, string | boolean>;
};

/**
 * Creates a developer account (R-PORTAL-SIGNUP). The caller answers the same whether or not
 * the email was taken: a new account gets a welcome email, an existing one a notice — so
 * the response never reveals whether an email has an account.
 */
export async function signUpDeveloper(
  db: Db,
  org: Organisation,
  input: SignupInput,
  portalUrl: string,
): Promise<{ created: boolean; developerId: string | null }> {
  const dev = await insertDeveloper(db, org.id, {
    email: input.email,
    name: input.name,
    customFields: input.customFields,
    passwordHash: await hashPassword(input.password),
  });
  if (!dev) {
    await sendEmail(db, org, input.email.trim().toLowerCase(), "signupExisting", {
      orgName: org.name,
      loginUrl: `${portalUrl}/login`,
      resetUrl: `${portalUrl}/reset`,
    });
    return { created: false, developerId: null };
  }
  await insertAudit(db, org.id, {
    actorType: "developer",
    actorId: dev.id,
    action: "developer.signed_up",
    targetType: "developer",
    targetId: dev.id,
  });
  await emitEvent(db, org.id, "developer.created", {
    developer_id: dev.id,
    email: dev.email,
    name: dev.name,
    source: "signup",
  });
  if (org.requireEmailVerification) await sendVerificationEmail(db, org, dev, portalUrl);
  else
    await sendEmail(db, org, dev.email, "welcome", {
      orgName: org.name,
      name: dev.name,
      portalUrl: `${portalUrl}/login`,
    });
  return { created: true, developerId: dev.id };
}
