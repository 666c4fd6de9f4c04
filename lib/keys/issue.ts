import type { Db } from "@/db";
import { type AuditEntry, insertAudit } from "@/db/queries/audit";
import { getDeveloper } from "@/db/queries/developers";
import {
  getKeyView,
  getOrgPolicies,
  insertKey,
  replaceKeyPolicies,
  revokeKeyRow,
} from "@/db/queries/keys";
import { emitEvent } from "@/lib/webhooks/emit";
import { generateKey } from "./format";
import { keysChanged } from "./invalidate";

export type Actor = Pick<AuditEntry, "actorType" | "actorId">;
export type KeyResult<T> = { ok: true; value: T } | { ok: false; error: string; field?: string };

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

async function checkPolicies(db: Db, orgId: string, policyIds: string[]) {
  const unique = [...new Set(policyIds)];
  if (unique.length === 0)
    return { ok: false as const, error: "Choose at least one policy.", field: "policyIds" };
  const found = await getOrgPolicies(db, orgId, unique);
  if (found.length !== unique.length)
    return {
      ok: false as const,
      error: "One of the chosen policies does not exist.",
      field: "policyIds",
    };
  const inactive = found.filter((p) => p.isInactive);
  if (inactive.length)
    return {
      ok: false as const,
      error: `Inactive policies grant nothing: ${inactive.map((p) => p.name).join(", ")}.`,
      field: "policyIds",
    };
  return { ok: true as const, policies: found, ids: unique };
}

/** Creates a key for a developer (R-KEY-NEW). The plaintext is returned once and never stored. */
export async function issueKey(
  db: Db,
  orgId: string,
  input: { developerId: string; policyIds: string[]; alias?: string | null },
  actor: Actor,
): Promise<KeyResult<{ key: string; keyId: string }>> {
  const developer = await getDeveloper(db, orgId, input.developerId);
  if (!developer) return { ok: false, error: "Developer not found." };
  if (developer.status !== "active")
    return { ok: false, error: "This developer is deactivated: reactivate them first." };
  const checked = await checkPolicies(db, orgId, input.policyIds);
  if (!checked.ok) return checked;
  const k = generateKey();
  const row = await db.transaction((tx) =>
    insertKey(
      tx,
      orgId,
      {
        developerId: developer.id,
        hash: k.hash,
        start: k.start,
        alias: input.alias?.trim() || null,
        expiresAt: expiryFor(checked.policies, new Date()),
      },
      checked.ids,
    ),
  );
  await insertAudit(db, orgId, {
    ...actor,
    action: "key.created",
    targetType: "key",
    targetId: row.id,
    data: { developerId: developer.id, policyIds: checked.ids },
  });
  await emitEvent(db, orgId, "key.created", {
    key_id: row.id,
    developer_id: developer.id,
    policy_ids: checked.ids,
    key_start: row.start,
  });
  return { ok: true, value: { key: k.key, keyId: row.id } };
}

/** Replaces a key's policies (R-KEY-POLICY-CHANGE); takes effect at the gateway at once. */
export async function changeKeyPolicies(
  db: Db,
  orgId: string,
  keyId: string,
  policyIds: string[],
  actor: Actor,
): Promise<KeyResult<null>> {
  const checked = await checkPolicies(db, orgId, policyIds);
  if (!checked.ok) return checked;
  const before = await getKeyView(db, orgId, keyId);
  const done = before
    ? await db.transaction((tx) => replaceKeyPolicies(tx, orgId, keyId, checked.ids))
    : false;
  if (!before || !done) return { ok: false, error: "Key not found or revoked." };
  keysChanged(orgId, [keyId]);
  await emitEvent(db, orgId, "key.policy_changed", {
    key_id: keyId,
    developer_id: before.developerId,
    policy_ids: checked.ids,
    previous_policy_ids: before.policies.map((p) => p.policyId),
  });
  await insertAudit(db, orgId, {
    ...actor,
    action: "key.policy_changed",
    targetType: "key",
    targetId: keyId,
    data: { policyIds: checked.ids },
  });
  return { ok: true, value: null };
}

export async function revokeKey(
  db: Db,
  orgId: string,
  keyId: string,
  actor: Actor,
): Promise<KeyResult<{ developerId: string }>> {
  const row = await revokeKeyRow(db, orgId, keyId);
  if (!row) return { ok: false, error: "Key not found or already revoked." };
  keysChanged(orgId, [keyId]);
  await insertAudit(db, orgId, {
    ...actor,
    action: "key.revoked",
    targetType: "key",
    targetId: keyId,
  });
  await emitEvent(db, orgId, "key.revoked", { key_id: keyId, developer_id: row.developerId });
  return { ok: true, value: { developerId: row.developerId } };
}
