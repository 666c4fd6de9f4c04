import type { Db, Tx } from "@/db";
import { insertInvitedAdmin } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import {
  insertOrganisationIfFree,
  listOrganisationSummaries,
  lockOrganisation,
  type OrganisationSummary,
  setOrganisationSuspended,
} from "@/db/queries/operator";
import type { AdminUser, Organisation } from "@/db/schema";
import { issueInvitation, sendInvitation } from "@/lib/admins/team";
import { keysChanged } from "@/lib/keys/invalidate";
import { type Outcome, done, failed } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { isOperator } from "./operator";
import type { CreateOrganisationInput } from "./schemas";

/**
 * R-ORG-CREATE: what the install operator does with organisations. Every function re-checks that
 * the acting admin is an operator (the action checked already; a future caller cannot skip it),
 * writes its change and the audit rows of both organisations — the target's and the operator's —
 * in one transaction, and sends email or invalidates the gateway's cache only after the commit.
 */
export type OperatorActor = { admin: AdminUser; org: Organisation };

const NOT_OPERATOR = "Only the install operator can manage organisations.";
const notOperator = () => failed("forbidden", NOT_OPERATOR);
const notFound = () => failed("not_found", "This organisation does not exist.");

function auditBoth(
  tx: Tx,
  actor: OperatorActor,
  target: Organisation,
  action: string,
  data: Record<string, unknown>,
) {
  const entry = {
    actorType: "admin" as const,
    actorId: actor.admin.id,
    action,
    targetType: "organisation",
    targetId: target.id,
    data: { ...data, name: target.name, slug: target.slug, operator: actor.admin.email },
  };
  return Promise.all([
    insertAudit(tx, target.id, entry),
    target.id === actor.org.id ? null : insertAudit(tx, actor.org.id, entry),
  ]);
}

export async function listOrganisationsForOperator(
  db: Db,
  actor: OperatorActor,
  page: number,
  pageSize = 25,
): Promise<Outcome<{ rows: OrganisationSummary[]; total: number }>> {
  if (!(await isOperator(db, actor.admin))) return notOperator();
  return done(await listOrganisationSummaries(db, { page, pageSize }), "");
}

/**
 * A new organisation with its own portal (/<slug>) and an owner invited by email: the owner row
 * (no password yet), its 72-hour invitation link and the audit rows commit together; the email
 * (the Team page's adminInvitation, in the new organisation's outbox) goes after the commit.
 */
export async function createOrganisation(
  db: Db,
  actor: OperatorActor,
  input: CreateOrganisationInput,
  baseUrl: string,
): Promise<Outcome<{ orgId: string; ownerId: string }>> {
  if (!(await isOperator(db, actor.admin))) return notOperator();
  return transact(db, async (tx, after) => {
    const org = await insertOrganisationIfFree(tx, { name: input.name, slug: input.slug });
    if (!org) {
      const message = "This address is taken by another organisation; choose another.";
      return failed("conflict", message, { slug: [message] });
    }
    const owner = await insertInvitedAdmin(tx, org.id, {
      email: input.ownerEmail,
      role: "owner",
    });
    if (!owner) {
      // Admin emails are unique per install (the login page names no organisation).
      const message =
        "This email already belongs to an admin account; each admin belongs to one organisation.";
      return failed("conflict", message, { ownerEmail: [message] });
    }
    const token = await issueInvitation(tx, org.id, owner.id);
    await auditBoth(tx, actor, org, "organisation.created", { owner: owner.email });
    await insertAudit(tx, org.id, {
      actorType: "admin",
      actorId: actor.admin.id,
      action: "admin.invited",
      targetType: "admin",
      targetId: owner.id,
      data: { email: owner.email, role: owner.role },
    });
    after.then(() => sendInvitation(db, org, actor.admin, owner, token, baseUrl));
    return done(
      { orgId: org.id, ownerId: owner.id },
      `${org.name} created; the invitation was sent to ${owner.email}.`,
    );
  });
}

/**
 * Suspends an organisation: its portal shows "This portal is suspended", its developers cannot
 * log in, its console is read-only and the gateway refuses its keys (org_suspended; the cached
 * keys of the organisation are dropped after the commit). Not the operator's own organisation.
 */
export async function suspendOrganisation(
  db: Db,
  actor: OperatorActor,
  orgId: string,
  reason: string,
): Promise<Outcome<null>> {
  if (!(await isOperator(db, actor.admin))) return notOperator();
  if (orgId === actor.org.id)
    return failed("forbidden", "You cannot suspend your own organisation.");
  return transact(db, async (tx, after) => {
    if (!(await lockOrganisation(tx, orgId))) return notFound();
    const org = await setOrganisationSuspended(tx, orgId, new Date());
    if (!org) return failed("conflict", "This organisation is already suspended.");
    await auditBoth(tx, actor, org, "organisation.suspended", reason ? { reason } : {});
    after.then(() => keysChanged(org.id, "all"));
    return done(null, `${org.name} is suspended.`);
  });
}

export async function reactivateOrganisation(
  db: Db,
  actor: OperatorActor,
  orgId: string,
): Promise<Outcome<null>> {
  if (!(await isOperator(db, actor.admin))) return notOperator();
  return transact(db, async (tx, after) => {
    if (!(await lockOrganisation(tx, orgId))) return notFound();
    const org = await setOrganisationSuspended(tx, orgId, null);
    if (!org) return failed("conflict", "This organisation is not suspended.");
    await auditBoth(tx, actor, org, "organisation.reactivated", {});
    after.then(() => keysChanged(org.id, "all"));
    return done(null, `${org.name} is active again.`);
  });
}
