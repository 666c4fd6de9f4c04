import type { Db, Tx } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { getCatalogEntry } from "@/db/queries/catalog";
import { getDeveloper } from "@/db/queries/developers";
import { decideKeyRequest, getKeyRequest, setKeyRequestKey } from "@/db/queries/key-requests";
import { getOrgPolicies } from "@/db/queries/keys";
import type { KeyRequest, Organisation } from "@/db/schema";
import { checkLinkToken, issueLinkToken, spendLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";
import { issueKeyIn } from "@/lib/keys/issue";
import { type CreatedClient, createClientIn } from "@/lib/oauth/clients";
import { policyOpensOauthApi, setKeyRequestOauthClient } from "@/db/queries/oauth";
import {
  type Actor,
  developerActor,
  done,
  failed,
  type Outcome,
  SYSTEM_ACTOR,
} from "@/lib/outcome";
import { type AfterCommit, transact } from "@/lib/transaction";

export const GENERATE_LINK_DAYS = 7;

const ALREADY_DECIDED = "This request was already decided.";
const REQUEST_NOT_FOUND = "Key request not found.";

function decidedBy(actor: Actor) {
  return actor.actorType === "admin"
    ? { decidedByAdminId: actor.actorId, decidedBy: null }
    : {
        decidedByAdminId: null,
        decidedBy: `${actor.actorType}${actor.actorId ? `:${actor.actorId}` : ""}`,
      };
}

function queueApproved(
  after: AfterCommit,
  orgId: string,
  request: KeyRequest,
  keyId: string | null,
  oauthClientId: string | null = null,
) {
  // key_id is null under secure approval: the key exists only once the developer generates it;
  // and for an OAuth entry, which produces a client (oauth_client_id) instead of a key.
  return after.event(orgId, "key_request.approved", {
    key_request_id: request.id,
    developer_id: request.developerId,
    catalog_entry_id: request.catalogEntryId,
    key_id: keyId,
    ...(oauthClientId ? { oauth_client_id: oauthClientId } : {}),
  });
}

/** What an approved request produced: a key, or an OAuth client for an entry whose API uses OAuth. */
export type RequestIssue =
  { kind: "key"; key: string; keyId: string } | ({ kind: "oauth_client" } & CreatedClient);

/** R-OAUTH-CLIENTS: a request whose policy opens an OAuth API produces a client, not a key. */
async function isOauthRequest(tx: Tx, orgId: string, request: KeyRequest) {
  for (const policyId of request.policyIds)
    if (await policyOpensOauthApi(tx, orgId, policyId)) return true;
  return false;
}

const issueIds = (issue: RequestIssue) =>
  issue.kind === "key"
    ? { keyId: issue.keyId, oauthClientId: null }
    : { keyId: null, oauthClientId: issue.oauthClientId };

/** Refuses before deciding, so a request is never "approved" without a key it can get. */
async function unusablePolicies(tx: Tx, orgId: string, request: KeyRequest) {
  const found = await getOrgPolicies(tx, orgId, request.policyIds);
  if (found.length !== new Set(request.policyIds).size)
    return failed("conflict", "The policy of this request no longer exists.");
  const inactive = found.filter((p) => p.isInactive);
  return inactive.length
    ? failed(
        "conflict",
        `The policy ${inactive.map((p) => p.name).join(", ")} is inactive: activate it before approving.`,
      )
    : null;
}

/** Issues the key (or OAuth client) of an approved request and links it, in the caller's transaction. */
async function issueForRequest(
  tx: Tx,
  after: AfterCommit,
  orgId: string,
  request: KeyRequest,
  actor: Actor,
): Promise<Outcome<RequestIssue>> {
  if (await isOauthRequest(tx, orgId, request)) {
    const entry = await getCatalogEntry(tx, orgId, request.catalogEntryId);
    const created = await createClientIn(
      tx,
      after,
      orgId,
      {
        developerId: request.developerId,
        policyIds: request.policyIds,
        catalogEntryId: request.catalogEntryId,
        name: entry?.name ?? "OAuth client",
      },
      actor,
    );
    if (!created.ok) return created;
    await setKeyRequestOauthClient(tx, orgId, request.id, created.value.oauthClientId);
    return done({ kind: "oauth_client", ...created.value }, created.message);
  }
  const issued = await issueKeyIn(
    tx,
    after,
    orgId,
    { developerId: request.developerId, policyIds: request.policyIds },
    actor,
  );
  if (!issued.ok) return issued;
  await setKeyRequestKey(tx, orgId, request.id, issued.value.keyId);
  return done({ kind: "key", ...issued.value }, issued.message);
}

/**
 * Auto-approval: one transaction decides, issues, links, audits and queues the events; the key
 * is shown to the developer on screen once. Any refusal or failure leaves the request pending.
 */
export function autoApprove(
  db: Db,
  orgId: string,
  request: KeyRequest,
): Promise<Outcome<RequestIssue>> {
  const actor = SYSTEM_ACTOR;
  return transact(db, async (tx, after) => {
    const unusable = await unusablePolicies(tx, orgId, request);
    if (unusable) return unusable;
    if (
      !(await decideKeyRequest(tx, orgId, request.id, { status: "approved", ...decidedBy(actor) }))
    )
      return failed("conflict", ALREADY_DECIDED);
    const issued = await issueForRequest(tx, after, orgId, request, actor);
    if (!issued.ok) return issued;
    const ids = issueIds(issued.value);
    await insertAudit(tx, orgId, {
      ...actor,
      action: "key_request.approved",
      targetType: "key_request",
      targetId: request.id,
      data: { ...ids, mode: "auto" },
    });
    await queueApproved(after, orgId, request, ids.keyId, ids.oauthClientId);
    return done(
      issued.value,
      issued.value.kind === "key" ? "Your key is ready." : "Your OAuth client is ready.",
    );
  });
}

export type Approval = {
  delivery: "email" | "generate_link";
  keyId: string | null;
  /** Set when the entry's API uses OAuth: a client was created (its secret is made in the portal). */
  oauthClientId?: string;
};

/**
 * R-KEYREQ-APPROVE by an admin or a third party. Default (R-KEY-EMAIL): the key is issued and
 * emailed. With "Secure key approval" (R-KEY-SECURE-APPROVAL): no key yet; the email holds a
 * single-use "Generate key" link only the requesting developer, logged in, can follow.
 * One transaction: decide → issue (or the link) → link the key → audit → events; the email and
 * the webhook deliveries after commit. A failure at any step leaves the request pending.
 */
export function approveRequest(
  db: Db,
  org: Organisation,
  requestId: string,
  actor: Actor,
  portalUrl: string,
): Promise<Outcome<Approval>> {
  return transact<Approval>(db, async (tx, after) => {
    const request = await getKeyRequest(tx, org.id, requestId);
    if (!request) return failed("not_found", REQUEST_NOT_FOUND);
    const [developer, entry] = await Promise.all([
      getDeveloper(tx, org.id, request.developerId),
      getCatalogEntry(tx, org.id, request.catalogEntryId),
    ]);
    if (!developer || !entry)
      return failed("conflict", "The developer or catalog entry no longer exists.");
    const unusable = await unusablePolicies(tx, org.id, request);
    if (unusable) return unusable;
    if (
      !(await decideKeyRequest(tx, org.id, request.id, { status: "approved", ...decidedBy(actor) }))
    )
      return failed("conflict", ALREADY_DECIDED);

    // OAuth entries: the client is created now; its secret is never emailed (the developer makes
    // one in the portal, shown once), so "Secure key approval" needs no link for them.
    if (await isOauthRequest(tx, org.id, request)) {
      const issued = await issueForRequest(tx, after, org.id, request, actor);
      if (!issued.ok) return issued;
      const { oauthClientId } = issueIds(issued.value);
      await insertAudit(tx, org.id, {
        ...actor,
        action: "key_request.approved",
        targetType: "key_request",
        targetId: request.id,
        data: { oauthClientId, delivery: "email" },
      });
      await queueApproved(after, org.id, request, null, oauthClientId);
      const clientId = issued.value.kind === "oauth_client" ? issued.value.clientId : "";
      after.then(() =>
        sendEmail(db, org, developer.email, "oauthClientReady", {
          orgName: org.name,
          entryName: entry.name,
          clientId,
          portalUrl: `${portalUrl}/keys`,
        }),
      );
      return done(
        { delivery: "email", keyId: null, oauthClientId: oauthClientId ?? undefined },
        "Approved: the OAuth client was created and the developer told by email.",
      );
    }

    if (org.secureKeyApproval) {
      const token = await issueLinkToken(
        tx,
        org.id,
        "key_generation",
        developer.id,
        GENERATE_LINK_DAYS * 86400,
        { requestId: request.id },
      );
      await insertAudit(tx, org.id, {
        ...actor,
        action: "key_request.approved",
        targetType: "key_request",
        targetId: request.id,
        data: { delivery: "generate_link" },
      });
      await queueApproved(after, org.id, request, null);
      after.then(() =>
        sendEmail(db, org, developer.email, "keyGenerate", {
          orgName: org.name,
          entryName: entry.name,
          link: `${portalUrl}/keys/generate/${token}`,
          expiresDays: GENERATE_LINK_DAYS,
        }),
      );
      return done(
        { delivery: "generate_link", keyId: null },
        "Approved: the developer was emailed a “Generate key” link.",
      );
    }
    const issued = await issueForRequest(tx, after, org.id, request, actor);
    if (!issued.ok) return issued;
    if (issued.value.kind !== "key")
      return failed("conflict", "This request produces an OAuth client.");
    const { key, keyId } = issued.value;
    await insertAudit(tx, org.id, {
      ...actor,
      action: "key_request.approved",
      targetType: "key_request",
      targetId: request.id,
      data: { keyId, delivery: "email" },
    });
    await queueApproved(after, org.id, request, keyId);
    after.then(() =>
      sendEmail(
        db,
        org,
        developer.email,
        "keyApproved",
        { orgName: org.name, entryName: entry.name, key, portalUrl: `${portalUrl}/dashboard` },
        { redact: [key] },
      ),
    );
    return done({ delivery: "email", keyId }, "Approved: the key was emailed to the developer.");
  });
}

/**
 * R-KEYREQ-DECLINE: leaves the pending list; the decision, who and why stay (audit, developer's
 * view). Decision, audit and event in one transaction; the email after commit.
 */
export function declineRequest(
  db: Db,
  org: Organisation,
  requestId: string,
  actor: Actor,
  reason: string | null,
  portalUrl: string,
): Promise<Outcome<null>> {
  return transact(db, async (tx, after) => {
    const request = await getKeyRequest(tx, org.id, requestId);
    if (!request) return failed("not_found", REQUEST_NOT_FOUND);
    const decided = await decideKeyRequest(tx, org.id, request.id, {
      status: "declined",
      declineReason: reason,
      ...decidedBy(actor),
    });
    if (!decided) return failed("conflict", ALREADY_DECIDED);
    const [developer, entry] = await Promise.all([
      getDeveloper(tx, org.id, request.developerId),
      getCatalogEntry(tx, org.id, request.catalogEntryId),
    ]);
    await insertAudit(tx, org.id, {
      ...actor,
      action: "key_request.declined",
      targetType: "key_request",
      targetId: request.id,
      data: { reason, developerId: request.developerId, catalogEntryId: request.catalogEntryId },
    });
    await after.event(org.id, "key_request.declined", {
      key_request_id: request.id,
      developer_id: request.developerId,
      catalog_entry_id: request.catalogEntryId,
      reason,
    });
    if (developer && entry)
      after.then(() =>
        sendEmail(db, org, developer.email, "keyRequestDeclined", {
          orgName: org.name,
          entryName: entry.name,
          reason,
          portalUrl: `${portalUrl}/keys`,
        }),
      );
    return done(null, "Declined. The developer was told by email.");
  });
}

/** Checks a "Generate key" link for this developer without spending it (to show the page). */
export async function checkGenerateLink(
  db: Db,
  orgId: string,
  developerId: string,
  token: string,
): Promise<"ok" | "invalid" | "other_account"> {
  const row = await checkLinkToken(db, orgId, "key_generation", token);
  if (!row) return "invalid";
  return row.subjectId === developerId ? "ok" : "other_account";
}

/**
 * Follows a "Generate key" link: only the requesting developer, once; the key is shown once.
 * Spending the link, the key, its link to the request and the audit commit together: a refusal
 * (e.g. the developer was deactivated meanwhile) leaves the link usable.
 */
export async function generateKeyFromLink(
  db: Db,
  orgId: string,
  developerId: string,
  token: string,
): Promise<Outcome<{ key: string }>> {
  const check = await checkGenerateLink(db, orgId, developerId, token);
  if (check === "other_account")
    return failed("forbidden", "This link belongs to another developer account.");
  const expired = failed("not_found", "This link has expired or was already used.");
  if (check !== "ok") return expired;
  const actor = developerActor(developerId);
  return transact(db, async (tx, after) => {
    const spent = await spendLinkToken(tx, orgId, "key_generation", token);
    if (!spent) return expired;
    const request = spent.data.requestId
      ? await getKeyRequest(tx, orgId, spent.data.requestId)
      : null;
    if (!request || request.status !== "approved" || request.keyId)
      return failed("conflict", "This request no longer waits for a key.");
    const issued = await issueForRequest(tx, after, orgId, request, actor);
    if (!issued.ok) return issued;
    if (issued.value.kind !== "key")
      return failed("conflict", "This request produces an OAuth client: see My keys.");
    await insertAudit(tx, orgId, {
      ...actor,
      action: "key.generated_from_link",
      targetType: "key_request",
      targetId: request.id,
      data: { keyId: issued.value.keyId },
    });
    return done({ key: issued.value.key }, "Key generated.");
  });
}
