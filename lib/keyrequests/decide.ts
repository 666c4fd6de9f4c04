import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { getCatalogEntry } from "@/db/queries/catalog";
import { getDeveloper } from "@/db/queries/developers";
import { decideKeyRequest, getKeyRequest, setKeyRequestKey } from "@/db/queries/key-requests";
import { getOrgPolicies } from "@/db/queries/keys";
import type { KeyRequest, Organisation } from "@/db/schema";
import { checkLinkToken, issueLinkToken, spendLinkToken } from "@/lib/auth/tokens";
import { sendEmail } from "@/lib/email/send";
import { type Actor, issueKey } from "@/lib/keys/issue";
import { emitEvent } from "@/lib/webhooks/emit";

export const GENERATE_LINK_DAYS = 7;
type Fail = { ok: false; error: string };

function decidedBy(actor: Actor) {
  return actor.actorType === "admin"
    ? { decidedByAdminId: actor.actorId ?? null, decidedBy: null }
    : {
        decidedByAdminId: null,
        decidedBy: `${actor.actorType}${actor.actorId ? `:${actor.actorId}` : ""}`,
      };
}

function emitApproved(db: Db, orgId: string, request: KeyRequest, keyId: string | null) {
  // key_id is null under secure approval: the key exists only once the developer generates it.
  return emitEvent(db, orgId, "key_request.approved", {
    key_request_id: request.id,
    developer_id: request.developerId,
    catalog_entry_id: request.catalogEntryId,
    key_id: keyId,
  });
}

/** Refuses before deciding, so a request is never "approved" without a key it can get. */
async function unusablePolicies(
  db: Db,
  orgId: string,
  request: KeyRequest,
): Promise<string | null> {
  const found = await getOrgPolicies(db, orgId, request.policyIds);
  if (found.length !== new Set(request.policyIds).size)
    return "The policy of this request no longer exists.";
  const inactive = found.filter((p) => p.isInactive);
  return inactive.length
    ? `The policy ${inactive.map((p) => p.name).join(", ")} is inactive: activate it before approving.`
    : null;
}

/** Issues the key of an approved request and links it; the caller decides how it reaches the developer. */
async function issueForRequest(db: Db, orgId: string, request: KeyRequest, actor: Actor) {
  const issued = await issueKey(
    db,
    orgId,
    { developerId: request.developerId, policyIds: request.policyIds },
    actor,
  );
  if (issued.ok) await setKeyRequestKey(db, orgId, request.id, issued.value.keyId);
  return issued;
}

/** Auto-approval: the key is issued now and shown to the developer on screen once. */
export async function autoApprove(
  db: Db,
  orgId: string,
  request: KeyRequest,
): Promise<{ ok: true; key: string; keyId: string } | Fail> {
  const actor: Actor = { actorType: "system", actorId: null };
  const unusable = await unusablePolicies(db, orgId, request);
  if (unusable) return { ok: false, error: unusable };
  if (!(await decideKeyRequest(db, orgId, request.id, { status: "approved", ...decidedBy(actor) })))
    return { ok: false, error: "This request was already decided." };
  const issued = await issueForRequest(db, orgId, request, actor);
  if (!issued.ok) return { ok: false, error: issued.error };
  await insertAudit(db, orgId, {
    ...actor,
    action: "key_request.approved",
    targetType: "key_request",
    targetId: request.id,
    data: { keyId: issued.value.keyId, mode: "auto" },
  });
  await emitApproved(db, orgId, request, issued.value.keyId);
  return { ok: true, key: issued.value.key, keyId: issued.value.keyId };
}

/**
 * R-KEYREQ-APPROVE by an admin or a third party. Default (R-KEY-EMAIL): the key is issued and
 * emailed. With "Secure key approval" (R-KEY-SECURE-APPROVAL): no key yet; the email holds a
 * single-use "Generate key" link only the requesting developer, logged in, can follow.
 */
export async function approveRequest(
  db: Db,
  org: Organisation,
  requestId: string,
  actor: Actor,
  portalUrl: string,
): Promise<{ ok: true; delivery: "email" | "generate_link"; keyId: string | null } | Fail> {
  const request = await getKeyRequest(db, org.id, requestId);
  if (!request) return { ok: false, error: "Key request not found." };
  const [developer, entry] = await Promise.all([
    getDeveloper(db, org.id, request.developerId),
    getCatalogEntry(db, org.id, request.catalogEntryId),
  ]);
  if (!developer || !entry)
    return { ok: false, error: "The developer or catalog entry no longer exists." };
  const unusable = await unusablePolicies(db, org.id, request);
  if (unusable) return { ok: false, error: unusable };
  if (
    !(await decideKeyRequest(db, org.id, request.id, { status: "approved", ...decidedBy(actor) }))
  )
    return { ok: false, error: "This request was already decided." };

  if (org.secureKeyApproval) {
    const token = await issueLinkToken(
      db,
      org.id,
      "key_generation",
      developer.id,
      GENERATE_LINK_DAYS * 86400,
      { requestId: request.id },
    );
    await sendEmail(db, org, developer.email, "keyGenerate", {
      orgName: org.name,
      entryName: entry.name,
      link: `${portalUrl}/keys/generate/${token}`,
      expiresDays: GENERATE_LINK_DAYS,
    });
    await insertAudit(db, org.id, {
      ...actor,
      action: "key_request.approved",
      targetType: "key_request",
      targetId: request.id,
      data: { delivery: "generate_link" },
    });
    await emitApproved(db, org.id, request, null);
    return { ok: true, delivery: "generate_link", keyId: null };
  }
  const issued = await issueForRequest(db, org.id, request, actor);
  if (!issued.ok) return { ok: false, error: issued.error };
  await sendEmail(
    db,
    org,
    developer.email,
    "keyApproved",
    {
      orgName: org.name,
      entryName: entry.name,
      key: issued.value.key,
      portalUrl: `${portalUrl}/dashboard`,
    },
    { redact: [issued.value.key] },
  );
  await insertAudit(db, org.id, {
    ...actor,
    action: "key_request.approved",
    targetType: "key_request",
    targetId: request.id,
    data: { keyId: issued.value.keyId, delivery: "email" },
  });
  await emitApproved(db, org.id, request, issued.value.keyId);
  return { ok: true, delivery: "email", keyId: issued.value.keyId };
}

/** R-KEYREQ-DECLINE: leaves the pending list; the decision, who and why stay (audit, developer's view). */
export async function declineRequest(
  db: Db,
  org: Organisation,
  requestId: string,
  actor: Actor,
  reason: string | null,
  portalUrl: string,
): Promise<{ ok: true } | Fail> {
  const request = await getKeyRequest(db, org.id, requestId);
  if (!request) return { ok: false, error: "Key request not found." };
  const decided = await decideKeyRequest(db, org.id, request.id, {
    status: "declined",
    declineReason: reason,
    ...decidedBy(actor),
  });
  if (!decided) return { ok: false, error: "This request was already decided." };
  const [developer, entry] = await Promise.all([
    getDeveloper(db, org.id, request.developerId),
    getCatalogEntry(db, org.id, request.catalogEntryId),
  ]);
  if (developer && entry)
    await sendEmail(db, org, developer.email, "keyRequestDeclined", {
      orgName: org.name,
      entryName: entry.name,
      reason,
      portalUrl: `${portalUrl}/keys`,
    });
  await insertAudit(db, org.id, {
    ...actor,
    action: "key_request.declined",
    targetType: "key_request",
    targetId: request.id,
    data: { reason, developerId: request.developerId, catalogEntryId: request.catalogEntryId },
  });
  await emitEvent(db, org.id, "key_request.declined", {
    key_request_id: request.id,
    developer_id: request.developerId,
    catalog_entry_id: request.catalogEntryId,
    reason,
  });
  return { ok: true };
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

/** Follows a "Generate key" link: only the requesting developer, once; the key is shown once. */
export async function generateKeyFromLink(
  db: Db,
  orgId: string,
  developerId: string,
  token: string,
): Promise<{ ok: true; key: string } | Fail> {
  const check = await checkGenerateLink(db, orgId, developerId, token);
  if (check === "other_account")
    return { ok: false, error: "This link belongs to another developer account." };
  const spent = check === "ok" ? await spendLinkToken(db, orgId, "key_generation", token) : null;
  if (!spent) return { ok: false, error: "This link has expired or was already used." };
  const request = spent.data.requestId
    ? await getKeyRequest(db, orgId, spent.data.requestId)
    : null;
  if (!request || request.status !== "approved" || request.keyId)
    return { ok: false, error: "This request no longer waits for a key." };
  const issued = await issueForRequest(db, orgId, request, {
    actorType: "developer",
    actorId: developerId,
  });
  if (!issued.ok) return { ok: false, error: issued.error };
  await insertAudit(db, orgId, {
    actorType: "developer",
    actorId: developerId,
    action: "key.generated_from_link",
    targetType: "key_request",
    targetId: request.id,
    data: { keyId: issued.value.keyId },
  });
  return { ok: true, key: issued.value.key };
}
