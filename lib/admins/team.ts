import type { Db, Tx } from "@/db";
import { insertAdminLinkToken, spendAdminLinkTokens } from "@/db/queries/admin-links";
import {
  deleteAdmin,
  getAdmin,
  insertInvitedAdmin,
  lockActiveOwners,
  updateAdmin,
  updateRequireAdminTwoFactor,
} from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import { getOrganisation } from "@/db/queries/organisations";
import type { AdminUser, Organisation } from "@/db/schema";
import { type Outcome, done, failed } from "@/lib/outcome";
import type { AdminRole } from "@/lib/auth/guards";
import { newUrlToken } from "@/lib/crypto";
import { sendEmail } from "@/lib/email/send";
import { endAllAdminSessions } from "./end-sessions";

/**
 * The Team page (R-SEC-ADMINS): owners invite, change the role of, disable, re-enable and remove
 * admins, end their sessions and require two-factor. Every function re-checks that the actor is
 * an active owner of the organisation, writes its change and audit row in one transaction, and
 * sends emails only after the commit. The last active owner can never be demoted, disabled or
 * removed, so an organisation always keeps someone who can manage it.
 */
export const ADMIN_INVITATION_TTL_HOURS = 72;

export type TeamActor = { orgId: string; adminId: string };

const isActiveOwner = (a: AdminUser) =>
  a.role === "owner" && a.status === "active" && a.passwordHash !== null;

const LAST_OWNER = "is the last owner of this organisation. Make another admin an owner first.";

async function ownerOnly(db: Db, actor: TeamActor): Promise<AdminUser | null> {
  const a = await getAdmin(db, actor.orgId, actor.adminId);
  return a && isActiveOwner(a) ? a : null;
}
const notOwner = () => failed("forbidden", "Only owners can manage the team.");
const notFound = () => failed("not_found", "This admin does not exist.");

/** In a transaction: refuses when `target` is the only active owner left. */
async function keepsAnOwner(tx: Tx, target: AdminUser): Promise<boolean> {
  if (!isActiveOwner(target)) return true;
  const owners = await lockActiveOwners(tx, target.orgId);
  return owners.some((id) => id !== target.id);
}

function audit(tx: Tx, actor: TeamActor, action: string, targetId: string, data?: object) {
  return insertAudit(tx, actor.orgId, {
    actorType: "admin",
    actorId: actor.adminId,
    action,
    targetType: "admin",
    targetId,
    data: data as Record<string, unknown> | undefined,
  });
}

export async function issueInvitation(tx: Tx, orgId: string, adminId: string): Promise<string> {
  const { token, hash } = newUrlToken();
  await insertAdminLinkToken(tx, orgId, {
    kind: "invitation",
    adminId,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + ADMIN_INVITATION_TTL_HOURS * 3600_000),
  });
  return token;
}

export function sendInvitation(
  db: Db,
  org: Organisation,
  inviter: AdminUser,
  to: AdminUser,
  token: string,
  baseUrl: string,
) {
  return sendEmail(db, org, to.email, "adminInvitation", {
    orgName: org.name,
    inviter: inviter.name || inviter.email,
    role: to.role,
    link: `${baseUrl}/admin/invite/${token}`,
    expiresHours: ADMIN_INVITATION_TTL_HOURS,
  });
}

/** Creates an invited admin (no password yet) and emails them a 72-hour link to accept. */
export async function inviteAdmin(
  db: Db,
  org: Organisation,
  actor: TeamActor,
  input: { email: string; role: "admin" | "viewer" },
  baseUrl: string,
): Promise<Outcome<{ adminId: string }>> {
  const owner = await ownerOnly(db, actor);
  if (!owner || actor.orgId !== org.id) return notOwner();
  const created = await db.transaction(async (tx) => {
    const admin = await insertInvitedAdmin(tx, org.id, input);
    if (!admin) return null;
    const token = await issueInvitation(tx, org.id, admin.id);
    await audit(tx, actor, "admin.invited", admin.id, { email: admin.email, role: admin.role });
    return { admin, token };
  });
  if (!created) {
    // Admin emails are unique per install: the address may be an admin of another organisation.
    const message = "This email already belongs to an admin account.";
    return failed("conflict", message, { email: [message] });
  }
  await sendInvitation(db, org, owner, created.admin, created.token, baseUrl);
  return done({ adminId: created.admin.id }, `Invitation sent to ${created.admin.email}.`);
}

/** A new invitation link for an admin who has not accepted yet (the earlier link stops working). */
export async function resendInvitation(
  db: Db,
  org: Organisation,
  actor: TeamActor,
  adminId: string,
  baseUrl: string,
): Promise<Outcome<null>> {
  const owner = await ownerOnly(db, actor);
  if (!owner || actor.orgId !== org.id) return notOwner();
  const target = await getAdmin(db, org.id, adminId);
  if (!target) return notFound();
  if (target.passwordHash) return failed("conflict", `${target.email} has already joined.`);
  const token = await db.transaction(async (tx) => {
    const t = await issueInvitation(tx, org.id, target.id);
    await audit(tx, actor, "admin.invitation_resent", target.id, { email: target.email });
    return t;
  });
  await sendInvitation(db, org, owner, target, token, baseUrl);
  return done(null, `Invitation sent again to ${target.email}.`);
}

export async function changeAdminRole(
  db: Db,
  actor: TeamActor,
  adminId: string,
  role: AdminRole,
): Promise<Outcome<null>> {
  if (!(await ownerOnly(db, actor))) return notOwner();
  return db.transaction(async (tx) => {
    const target = await getAdmin(tx, actor.orgId, adminId);
    if (!target) return notFound();
    if (target.role === role) return done(null, `${target.email} is already ${article(role)}.`);
    if (target.role === "owner" && !(await keepsAnOwner(tx, target)))
      return failed("conflict", `${target.email} ${LAST_OWNER}`);
    await updateAdmin(tx, actor.orgId, adminId, { role });
    await audit(tx, actor, "admin.role_changed", adminId, { from: target.role, to: role });
    return done(null, `${target.email} is now ${article(role)}.`);
  });
}

/** Disables (login refused, sessions ended) or re-enables an admin. */
export async function setAdminStatus(
  db: Db,
  actor: TeamActor,
  adminId: string,
  status: "active" | "inactive",
): Promise<Outcome<null>> {
  if (!(await ownerOnly(db, actor))) return notOwner();
  return db.transaction(async (tx) => {
    const target = await getAdmin(tx, actor.orgId, adminId);
    if (!target) return notFound();
    if (target.status === status)
      return done(
        null,
        `${target.email} is already ${status === "active" ? "enabled" : "disabled"}.`,
      );
    if (status === "inactive" && !(await keepsAnOwner(tx, target)))
      return failed("conflict", `${target.email} ${LAST_OWNER}`);
    await updateAdmin(tx, actor.orgId, adminId, { status });
    if (status === "inactive") await endAllAdminSessions(tx, actor.orgId, adminId);
    await audit(tx, actor, status === "inactive" ? "admin.disabled" : "admin.enabled", adminId);
    return done(
      null,
      status === "inactive"
        ? `${target.email} is disabled and logged out everywhere.`
        : `${target.email} is enabled again.`,
    );
  });
}

/** Removes an admin (an invited one: withdraws the invitation). Their links stop working. */
export async function removeAdmin(
  db: Db,
  actor: TeamActor,
  adminId: string,
): Promise<Outcome<{ self: boolean }>> {
  if (!(await ownerOnly(db, actor))) return notOwner();
  return db.transaction(async (tx) => {
    const target = await getAdmin(tx, actor.orgId, adminId);
    if (!target) return notFound();
    if (!(await keepsAnOwner(tx, target)))
      return failed("conflict", `${target.email} ${LAST_OWNER}`);
    await spendAdminLinkTokens(tx, actor.orgId, adminId);
    await endAllAdminSessions(tx, actor.orgId, adminId);
    await deleteAdmin(tx, actor.orgId, adminId);
    await audit(tx, actor, "admin.removed", adminId, { email: target.email, role: target.role });
    return done({ self: adminId === actor.adminId }, `${target.email} was removed.`);
  });
}

/** Logs an admin out everywhere (their current sessions end; they can log in again). */
export async function endAdminSessions(
  db: Db,
  actor: TeamActor,
  adminId: string,
): Promise<Outcome<null>> {
  if (!(await ownerOnly(db, actor))) return notOwner();
  return db.transaction(async (tx) => {
    const target = await endAllAdminSessions(tx, actor.orgId, adminId);
    if (!target) return notFound();
    await audit(tx, actor, "admin.sessions_ended", adminId);
    return done(null, `${target.email} is logged out everywhere.`);
  });
}

/**
 * Resets another admin's two-factor (they lost their phone and their recovery codes): the secret
 * and recovery codes are cleared and every session of theirs ends; they log in with their
 * password alone (and set two-factor up again if the organisation requires it). The admin's
 * address is told. An owner's own two-factor is turned off on their Account page, with a code.
 */
export async function resetAdminTwoFactor(
  db: Db,
  actor: TeamActor,
  adminId: string,
): Promise<Outcome<null>> {
  const owner = await ownerOnly(db, actor);
  if (!owner) return notOwner();
  if (adminId === actor.adminId)
    return failed("invalid", "Turn your own two-factor off on your Account page.");
  const outcome = await db.transaction(async (tx) => {
    const target = await getAdmin(tx, actor.orgId, adminId);
    if (!target) return notFound();
    if (!target.totpEnabledAt)
      return failed("conflict", `${target.email} has no two-factor authentication to reset.`);
    await updateAdmin(tx, actor.orgId, adminId, {
      totpSecret: null,
      totpEnabledAt: null,
      recoveryCodeHashes: [],
    });
    await endAllAdminSessions(tx, actor.orgId, adminId);
    await audit(tx, actor, "admin.two_factor_reset", adminId);
    return done(
      { email: target.email },
      `Two-factor of ${target.email} is reset and they are logged out everywhere. They log in with their password and set it up again.`,
    );
  });
  if (!outcome.ok) return outcome;
  const org = await getOrganisation(db, actor.orgId);
  if (org)
    await sendEmail(db, org, outcome.value.email, "adminTwoFactorReset", {
      orgName: org.name,
      by: owner.name || owner.email,
    });
  return done(null, outcome.message);
}

/** "Require two-factor for all admins": the owner turning it on must have it on themself. */
export async function setRequireTwoFactor(
  db: Db,
  actor: TeamActor,
  required: boolean,
): Promise<Outcome<null>> {
  const owner = await ownerOnly(db, actor);
  if (!owner) return notOwner();
  if (required && !owner.totpEnabledAt)
    return failed(
      "invalid",
      "Turn on two-factor authentication for your own account first (Account page).",
    );
  return db.transaction(async (tx) => {
    await updateRequireAdminTwoFactor(tx, actor.orgId, required);
    await insertAudit(tx, actor.orgId, {
      actorType: "admin",
      actorId: actor.adminId,
      action: "organisation.admin_two_factor_required",
      targetType: "organisation",
      targetId: actor.orgId,
      data: { required },
    });
    return done(
      null,
      required
        ? "Two-factor is now required: admins without it must set it up at their next visit."
        : "Two-factor is no longer required.",
    );
  });
}

function article(role: AdminRole): string {
  return role === "admin" ? "an admin" : `a ${role}`;
}
