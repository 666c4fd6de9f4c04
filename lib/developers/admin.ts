import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import {
  deleteDeveloper,
  getDeveloper,
  insertDeveloper,
  updateDeveloper,
} from "@/db/queries/developers";
import { revokeDeveloperKeys } from "@/db/queries/keys";
import { getOrganisation } from "@/db/queries/organisations";
import type { Organisation } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { issueLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";
import { keysChanged } from "@/lib/keys/invalidate";
import { type Actor, done, failed, type Outcome } from "@/lib/outcome";
import { transact } from "@/lib/transaction";

export const INVITATION_TTL_HOURS = 72;

type Profile = {
  email: string;
  name: string;
  telephone: string | null;
  country: string | null;
  customFields: Record<string, string | boolean>;
};
const NOT_FOUND = "Developer not found.";
const emailError = (message: string) => failed("conflict", message, { email: [message] });

/**
 * R-DEV-ADD: an admin creates a developer with a password, or sends an invitation to set one.
 * The developer, the invitation link, the audit row and developer.created commit together; the
 * invitation email after commit.
 */
export async function addDeveloper(
  db: Db,
  org: Organisation,
  input: Profile & { access: "invite" | "password"; password: string | null },
  actor: Actor,
  baseUrl: string,
): Promise<Outcome<{ developerId: string; invited: boolean }>> {
  const passwordHash =
    input.access === "password" && input.password ? await hashPassword(input.password) : null;
  return transact(db, async (tx, after) => {
    const dev = await insertDeveloper(tx, org.id, {
      ...input,
      passwordHash,
      // An admin vouches for the address they typed.
      emailVerifiedAt: input.access === "password" ? new Date() : null,
    });
    if (!dev) return emailError("A developer with this email already exists.");
    await insertAudit(tx, org.id, {
      ...actor,
      action: "developer.created",
      targetType: "developer",
      targetId: dev.id,
      data: { access: input.access },
    });
    await after.event(org.id, "developer.created", {
      developer_id: dev.id,
      email: dev.email,
      name: dev.name,
      source: "admin",
    });
    const invited = input.access === "invite";
    if (invited) {
      const token = await issueLinkToken(
        tx,
        org.id,
        "invitation",
        dev.id,
        INVITATION_TTL_HOURS * 3600,
      );
      after.then(() =>
        sendEmail(db, org, dev.email, "invitation", {
          orgName: org.name,
          link: `${baseUrl}/${org.slug}/invite/${token}`,
          expiresHours: INVITATION_TTL_HOURS,
        }),
      );
    }
    return done(
      { developerId: dev.id, invited },
      invited ? "Developer added and invited." : "Developer added.",
    );
  });
}

/** R-DEV-EDIT: every profile field; keys are never touched. Update and audit in one transaction. */
export async function editDeveloper(
  db: Db,
  orgId: string,
  developerId: string,
  input: Profile,
  actor: Actor,
): Promise<Outcome<null>> {
  return transact(db, async (tx, after) => {
    const before = await getDeveloper(tx, orgId, developerId);
    if (!before) return failed("not_found", NOT_FOUND);
    const row = await updateDeveloper(tx, orgId, developerId, input);
    if (row === "email_taken") return emailError("Another developer already uses this email.");
    if (!row) return failed("not_found", NOT_FOUND);
    const changed = (Object.keys(input) as Array<keyof Profile>).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(row[k]),
    );
    await insertAudit(tx, orgId, {
      ...actor,
      action: "developer.updated",
      targetType: "developer",
      targetId: developerId,
      data: { fields: changed },
    });
    // R-SEC-EMAIL-CHANGE: the old address is told of every email change, an admin's included.
    if (before.email !== row.email)
      after.then(async () => {
        const org = await getOrganisation(db, orgId);
        if (org)
          await sendEmail(db, org, before.email, "emailChangedByAdmin", {
            orgName: org.name,
            newEmail: row.email,
          });
      });
    return done(null, "Developer saved.");
  });
}

/** R-DEV-DEACTIVATE: inactive developers cannot log in and their keys stop working at once. */
export async function setDeveloperStatus(
  db: Db,
  orgId: string,
  developerId: string,
  status: "active" | "inactive",
  actor: Actor,
): Promise<Outcome<null>> {
  return transact(db, async (tx, after) => {
    const row = await updateDeveloper(tx, orgId, developerId, {
      status,
      bumpSession: status === "inactive",
    });
    if (!row || row === "email_taken") return failed("not_found", NOT_FOUND);
    await insertAudit(tx, orgId, {
      ...actor,
      action: status === "inactive" ? "developer.deactivated" : "developer.reactivated",
      targetType: "developer",
      targetId: developerId,
    });
    after.then(() => keysChanged(orgId, "all"));
    return done(
      null,
      status === "inactive"
        ? "Developer deactivated: login refused, keys stopped."
        : "Developer reactivated.",
    );
  });
}

/**
 * R-DEV-DEACTIVATE (delete): one transaction revokes the keys, deletes the developer, audits and
 * queues a key.revoked event per key; gateway caches are told and events delivered after commit.
 */
export async function removeDeveloper(
  db: Db,
  orgId: string,
  developerId: string,
  actor: Actor,
): Promise<Outcome<{ revokedKeys: string[] }>> {
  return transact(db, async (tx, after) => {
    const dev = await getDeveloper(tx, orgId, developerId);
    if (!dev) return failed("not_found", NOT_FOUND);
    const revoked = await revokeDeveloperKeys(tx, orgId, developerId);
    await deleteDeveloper(tx, orgId, developerId);
    for (const keyId of revoked)
      await after.event(orgId, "key.revoked", { key_id: keyId, developer_id: developerId });
    await insertAudit(tx, orgId, {
      ...actor,
      action: "developer.deleted",
      targetType: "developer",
      targetId: developerId,
      data: { email: dev.email, revokedKeys: revoked },
    });
    after.then(() => keysChanged(orgId, revoked));
    return done({ revokedKeys: revoked }, "Developer deleted.");
  });
}
