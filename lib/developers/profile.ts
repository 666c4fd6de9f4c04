import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { updateDeveloper } from "@/db/queries/developers";
import { getOrganisation } from "@/db/queries/organisations";
import type { Developer, FieldDefinition } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { developerActor, done, failed, type Outcome } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { issueSecurityAlert, sendSecurityNotice } from "./security-alert";

/**
 * R-PROFILE-EDIT: name, telephone, country and the answers to the organisation's signup fields
 * (`fields`). Answers to fields the organisation no longer asks stay as they were. Sessions stay.
 */
export function updateOwnProfile(
  db: Db,
  dev: Developer,
  fields: FieldDefinition[],
  input: {
    name: string;
    telephone: string | null;
    country: string | null;
    customFields: Record<string, string | boolean>;
  },
): Promise<Outcome<null>> {
  const asked = new Set(fields.map((f) => f.key));
  const kept = Object.entries(dev.customFields).filter(([key]) => !asked.has(key));
  return transact(db, async (tx) => {
    const row = await updateDeveloper(tx, dev.orgId, dev.id, {
      ...input,
      customFields: { ...Object.fromEntries(kept), ...input.customFields },
    });
    if (!row || row === "email_taken") return failed("not_found", "This account no longer exists.");
    await insertAudit(tx, dev.orgId, {
      ...developerActor(dev.id),
      action: "developer.profile_updated",
      targetType: "developer",
      targetId: dev.id,
    });
    return done(null, "Profile saved.");
  });
}

/** The current-password check of the profile's email and password forms. */
export async function checkCurrent(
  dev: Developer,
  password: string,
): Promise<Outcome<never> | null> {
  if (!dev.passwordHash || !(await verifyPassword(password, dev.passwordHash))) {
    const message = "Your current password is not correct.";
    return failed("invalid", message, { currentPassword: [message] });
  }
  return null;
}

// Email changes: lib/developers/email-change.ts (confirmed from the new inbox, R-SEC-EMAIL-CHANGE).

/**
 * Password change: needs the current password; every other session ends, and the account's
 * address is told, with a "This wasn't me" link (R-SEC-EMAIL-CHANGE). Write, link and audit in
 * one transaction; the notice after commit.
 */
export async function changeOwnPassword(
  db: Db,
  dev: Developer,
  currentPassword: string,
  password: string,
): Promise<Outcome<null>> {
  const bad = await checkCurrent(dev, currentPassword);
  if (bad) return bad;
  const passwordHash = await hashPassword(password);
  return transact(db, async (tx, after) => {
    await updateDeveloper(tx, dev.orgId, dev.id, { passwordHash, bumpSession: true });
    const token = await issueSecurityAlert(tx, dev.orgId, dev.id, dev.email, "password_changed");
    await insertAudit(tx, dev.orgId, {
      actorType: "developer",
      actorId: dev.id,
      action: "developer.password_changed",
      targetType: "developer",
      targetId: dev.id,
    });
    after.then(async () => {
      const org = await getOrganisation(db, dev.orgId);
      if (org)
        await sendSecurityNotice(db, org, { reason: "password_changed", to: dev.email, token });
    });
    return done(null, "Password changed.");
  });
}
