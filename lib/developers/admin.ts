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
import type { Actor } from "@/lib/keys/issue";
import { keysChanged } from "@/lib/keys/invalidate";
import { emitEvent } from "@/lib/webhooks/emit";

export const INVITATION_TTL_HOURS = 72;

type Profile = {
  email: string;
  name: string;
  telephone: string | null;
  country: string | null;
  customFields: Record<string, string | boolean>;
};
type Fail = { ok: false; error: string; field?: string };

/** R-DEV-ADD: an admin creates a developer with a password, or sends an invitation to set one. */
export async function addDeveloper(
  db: Db,
  org: Organisation,
  input: Profile & { access: "invite" | "password"; password: string | null },
  actor: Actor,
  baseUrl: string,
): Promise<{ ok: true; developerId: string; invited: boolean } | Fail> {
  const dev = await insertDeveloper(db, org.id, {
    ...input,
    passwordHash:
      input.access === "password" && input.password ? await hashPassword(input.password) : null,
    // An admin vouches for the address they typed.
    emailVerifiedAt: input.access === "password" ? new Date() : null,
  });
  if (!dev)
    return { ok: false, error: "A developer with this email already exists.", field: "email" };
  await insertAudit(db, org.id, {
    ...actor,
    action: "developer.created",
    targetType: "developer",
    targetId: dev.id,
    data: { access: input.access },
  });
  await emitEvent(db, org.id, "developer.created", {
    developer_id: dev.id,
    email: dev.email,
    name: dev.name,
    source: "admin",
  });
  if (input.access === "invite") {
    const token = await issueLinkToken(
      db,
      org.id,
      "invitation",
      dev.id,
      INVITATION_TTL_HOURS * 3600,
    );
    await sendEmail(db, org, dev.email, "invitation", {
      orgName: org.name,
      link: `${baseUrl}/${org.slug}/invite/${token}`,
      expiresHours: INVITATION_TTL_HOURS,
    });
  }
  return { ok: true, developerId: dev.id, invited: input.access === "invite" };
}

/** R-DEV-EDIT: every profile field; keys are never touched. */
export async function editDeveloper(
  db: Db,
  orgId: string,
  developerId: string,
  input: Profile,
  actor: Actor,
): Promise<{ ok: true } | Fail> {
  const before = await getDeveloper(db, orgId, developerId);
  if (!before) return { ok: false, error: "Developer not found." };
  const row = await updateDeveloper(db, orgId, developerId, input);
  if (row === "email_taken")
    return { ok: false, error: "Another developer already uses this email.", field: "email" };
  if (!row) return { ok: false, error: "Developer not found." };
  const changed = (Object.keys(input) as Array<keyof Profile>).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(row[k]),
  );
  await insertAudit(db, orgId, {
    ...actor,
    action: "developer.updated",
    targetType: "developer",
    targetId: developerId,
    data: { fields: changed },
  });
  // R-SEC-EMAIL-CHANGE: the old address is told of every email change, an admin's included.
  if (before.email !== row.email) {
    const org = await getOrganisation(db, orgId);
    if (org)
      await sendEmail(db, org, before.email, "emailChangedByAdmin", {
        orgName: org.name,
        newEmail: row.email,
      });
  }
  return { ok: true };
}

/** R-DEV-DEACTIVATE: inactive developers cannot log in and their keys stop working at once. */
export async function setDeveloperStatus(
  db: Db,
  orgId: string,
  developerId: string,
  status: "active" | "inactive",
  actor: Actor,
): Promise<{ ok: true } | Fail> {
  const row = await updateDeveloper(db, orgId, developerId, {
    status,
    bumpSession: status === "inactive",
  });
  if (!row || row === "email_taken") return { ok: false, error: "Developer not found." };
  keysChanged(orgId, "all");
  await insertAudit(db, orgId, {
    ...actor,
    action: status === "inactive" ? "developer.deactivated" : "developer.reactivated",
    targetType: "developer",
    targetId: developerId,
  });
  return { ok: true };
}

/** Deletes a developer; keys are revoked first so the audit log and gateway caches see it. */
export async function removeDeveloper(
  db: Db,
  orgId: string,
  developerId: string,
  actor: Actor,
): Promise<{ ok: true } | Fail> {
  const dev = await getDeveloper(db, orgId, developerId);
  if (!dev) return { ok: false, error: "Developer not found." };
  const revoked = await db.transaction(async (tx) => {
    const ids = await revokeDeveloperKeys(tx, orgId, developerId);
    await deleteDeveloper(tx, orgId, developerId);
    return ids;
  });
  keysChanged(orgId, revoked);
  for (const keyId of revoked)
    await emitEvent(db, orgId, "key.revoked", { key_id: keyId, developer_id: developerId });
  await insertAudit(db, orgId, {
    ...actor,
    action: "developer.deleted",
    targetType: "developer",
    targetId: developerId,
    data: { email: dev.email, revokedKeys: revoked },
  });
  return { ok: true };
}
