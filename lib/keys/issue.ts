import type { Db, Tx } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { getDeveloper } from "@/db/queries/developers";
import {
  getKeyView,
  getOrgPolicies,
  insertKey,
  replaceKeyPolicies,
  revokeKeyRow,
} from "@/db/queries/keys";
import { type Actor, done, failed, type Outcome } from "@/lib/outcome";
import { type AfterCommit, transact } from "@/lib/transaction";
import { generateKey } from "./format";
import { keysChanged } from "./invalidate";

export type IssuedKey = { key: string; keyId: string };

/** The latest expiry of the policies: null when any of them issues keys that never expire. */
function expiryFor(
  policies: Array<{ keyExpiresInSeconds: number | null }>,
  now: Date,
): Date | null {
  let max = 0;
  for (const p of policies) {
    if (!p.keyExpiresInSeconds || p.keyExpiresInSeconds <= 0) return null;
    max = Math.max(max, p.keyExpiresInSeconds);
  }
  return max ? new Date(now.getTime() + max * 1000) : null;
}

const policyError = (message: string) => failed("invalid", message, { policyIds: [message] });

async function checkPolicies(db: Db | Tx, orgId: string, policyIds: string[]) {
  const unique = [...new Set(policyIds)];
  if (unique.length === 0) return policyError("Choose at least one policy.");
  const found = await getOrgPolicies(db, orgId, unique);
  if (found.length !== unique.length)
    return policyError("One of the chosen policies does not exist.");
  const inactive = found.filter((p) => p.isInactive);
  if (inactive.length)
    return policyError(
      `Inactive policies grant nothing: ${inactive.map((p) => p.name).join(", ")}.`,
    );
  return done({ policies: found, ids: unique }, "");
}

/**
 * Issues a key inside the caller's transaction: checks, key row, its policies, the audit row and
 * the key.created event (delivered after commit). Key issue, approval and "Generate key" all go
 * through here, so a refusal or failure at any step leaves nothing behind.
 */
export async function issueKeyIn(
  tx: Tx,
  after: AfterCommit,
  orgId: string,
  input: { developerId: string; policyIds: string[]; alias?: string | null },
  actor: Actor,
): Promise<Outcome<IssuedKey>> {
  const developer = await getDeveloper(tx, orgId, input.developerId);
  if (!developer) return failed("not_found", "Developer not found.");
  if (developer.status !== "active")
    return failed("conflict", "This developer is deactivated: reactivate them first.");
  const checked = await checkPolicies(tx, orgId, input.policyIds);
  if (!checked.ok) return checked;
  const { policies, ids } = checked.value;
  const k = generateKey();
  const row = await insertKey(
    tx,
    orgId,
    {
      developerId: developer.id,
      hash: k.hash,
      start: k.start,
      alias: input.alias?.trim() || null,
      expiresAt: expiryFor(policies, new Date()),
    },
    ids,
  );
  await insertAudit(tx, orgId, {
    ...actor,
    action: "key.created",
    targetType: "key",
    targetId: row.id,
    data: { developerId: developer.id, policyIds: ids },
  });
  await after.event(orgId, "key.created", {
    key_id: row.id,
    developer_id: developer.id,
    policy_ids: ids,
    key_start: row.start,
  });
  return done({ key: k.key, keyId: row.id }, "Key created.");
}

/** Creates a key for a developer (R-KEY-NEW). The plaintext is returned once and never stored. */
export function issueKey(
  db: Db,
  orgId: string,
  input: { developerId: string; policyIds: string[]; alias?: string | null },
  actor: Actor,
): Promise<Outcome<IssuedKey>> {
  return transact(db, (tx, after) => issueKeyIn(tx, after, orgId, input, actor));
}

/** Replaces a key's policies (R-KEY-POLICY-CHANGE); takes effect at the gateway at once. */
export function changeKeyPolicies(
  db: Db,
  orgId: string,
  keyId: string,
  policyIds: string[],
  actor: Actor,
): Promise<Outcome<null>> {
  return transact(db, async (tx, after) => {
    const checked = await checkPolicies(tx, orgId, policyIds);
    if (!checked.ok) return checked;
    const { ids } = checked.value;
    const before = await getKeyView(tx, orgId, keyId);
    if (!before || !(await replaceKeyPolicies(tx, orgId, keyId, ids)))
      return failed("not_found", "Key not found or revoked.");
    await insertAudit(tx, orgId, {
      ...actor,
      action: "key.policy_changed",
      targetType: "key",
      targetId: keyId,
      data: { policyIds: ids },
    });
    await after.event(orgId, "key.policy_changed", {
      key_id: keyId,
      developer_id: before.developerId,
      policy_ids: ids,
      previous_policy_ids: before.policies.map((p) => p.policyId),
    });
    after.then(() => keysChanged(orgId, [keyId]));
    return done(null, "Key policies changed.");
  });
}

/** Revokes a key (R-KEY-ROTATE): refused at the gateway at once. */
export function revokeKey(
  db: Db,
  orgId: string,
  keyId: string,
  actor: Actor,
): Promise<Outcome<{ developerId: string }>> {
  return transact(db, async (tx, after) => {
    const row = await revokeKeyRow(tx, orgId, keyId);
    if (!row) return failed("not_found", "Key not found or already revoked.");
    await insertAudit(tx, orgId, {
      ...actor,
      action: "key.revoked",
      targetType: "key",
      targetId: keyId,
    });
    await after.event(orgId, "key.revoked", { key_id: keyId, developer_id: row.developerId });
    after.then(() => keysChanged(orgId, [keyId]));
    return done({ developerId: row.developerId }, "Key revoked.");
  });
}
