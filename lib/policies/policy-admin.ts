import type { Db, Tx } from "@/db";
import { listApis } from "@/db/queries/apis";
import { insertAudit } from "@/db/queries/audit";
import {
  countKeysWithPolicy,
  deletePolicy,
  getPolicy,
  insertPolicy,
  listCatalogEntriesOfPolicy,
  replacePolicyAccess,
  updatePolicy,
} from "@/db/queries/policies";
import type { Policy } from "@/db/schema";
import { invalidateGatewayCache } from "@/lib/apis/gateway-cache";
import { type Actor, type Outcome, done, failed, isOutcome } from "@/lib/outcome";
import type { PolicyInput } from "@/lib/validation/policies";

/** Admin changes to policies. Keys read their policies live, so an edit applies to every key at once. */

function values({ access: _access, ...v }: PolicyInput) {
  void _access;
  return v;
}

/** Thrown inside the transaction when an access right names an API that is not the organisation's. */
class UnknownApiError extends Error {}
const UNKNOWN_API = "One of the APIs you selected no longer exists. Reload the page and try again.";

/** Runs the transaction; access rights naming a deleted or foreign API roll it back. */
async function guarded<T>(write: () => Promise<T>): Promise<T | Outcome<never>> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof UnknownApiError) return failed("invalid", UNKNOWN_API);
    throw err;
  }
}

async function setAccess(tx: Tx, orgId: string, policyId: string, input: PolicyInput) {
  if (!(await replacePolicyAccess(tx, orgId, policyId, input.access))) throw new UnknownApiError();
}

/**
 * Gateways match allowed paths against the whole request path (lib/gateway), so each prefix
 * must lie under the API's listen path: "/weather/current" for /weather/, never "/current".
 */
export function pathsOutsideApis(
  access: PolicyInput["access"],
  listenPaths: Map<string, string>,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const a of access) {
    const lp = listenPaths.get(a.apiId);
    if (!lp) continue;
    const outside = a.allowedPaths.find((p) => !(p.startsWith(lp) || p === lp.slice(0, -1)));
    if (outside)
      errors[`access.${a.apiId}.paths`] = [
        `"${outside.slice(0, 40)}" is not under ${lp}: write full paths, like ${lp}current.`,
      ];
  }
  return errors;
}

async function checkPaths(
  db: Db,
  orgId: string,
  input: PolicyInput,
): Promise<Outcome<never> | null> {
  if (!input.access.some((a) => a.allowedPaths.length)) return null;
  const apis = await listApis(db, orgId);
  const errors = pathsOutsideApis(input.access, new Map(apis.map((a) => [a.id, a.listenPath])));
  return Object.keys(errors).length
    ? failed("invalid", "Please correct the highlighted fields.", errors)
    : null;
}

function summary(p: Policy, input: PolicyInput) {
  return {
    name: p.name,
    rate: p.rate,
    per: p.per,
    quotaMax: p.quotaMax,
    quotaRenewalSeconds: p.quotaRenewalSeconds,
    keyExpiresInSeconds: p.keyExpiresInSeconds,
    isInactive: p.isInactive,
    apis: input.access.map((a) => a.apiId),
  };
}

export async function createPolicy(
  db: Db,
  orgId: string,
  actor: Actor,
  input: PolicyInput,
): Promise<Outcome<Policy>> {
  const badPaths = await checkPaths(db, orgId, input);
  if (badPaths) return badPaths;
  const policy = await guarded(() =>
    db.transaction(async (tx) => {
      const p = await insertPolicy(tx, orgId, values(input));
      await setAccess(tx, orgId, p.id, input);
      await insertAudit(tx, orgId, {
        ...actor,
        action: "policy.created",
        targetType: "policy",
        targetId: p.id,
        data: summary(p, input),
      });
      return p;
    }),
  );
  if (isOutcome(policy)) return policy;
  return done(policy, `Policy “${policy.name}” created.`);
}

export async function editPolicy(
  db: Db,
  orgId: string,
  actor: Actor,
  policyId: string,
  input: PolicyInput,
): Promise<Outcome<Policy>> {
  const badPaths = await checkPaths(db, orgId, input);
  if (badPaths) return badPaths;
  const policy = await guarded(() =>
    db.transaction(async (tx) => {
      const p = await updatePolicy(tx, orgId, policyId, values(input));
      if (!p) return null;
      await setAccess(tx, orgId, p.id, input);
      await insertAudit(tx, orgId, {
        ...actor,
        action: "policy.updated",
        targetType: "policy",
        targetId: p.id,
        data: summary(p, input),
      });
      return p;
    }),
  );
  if (isOutcome(policy)) return policy;
  if (!policy) return failed("not_found", "This policy no longer exists.");
  // Keys read their policies live; gateways that cache them must drop the cache now.
  invalidateGatewayCache(orgId);
  return done(policy, `Policy “${policy.name}” saved. Every key carrying it has the new limits.`);
}

/** Why a policy cannot be deleted (keys carry it, catalog entries publish it), or null. */
export async function policyInUse(
  db: Db | Tx,
  orgId: string,
  policyId: string,
): Promise<string | null> {
  const [keys, entries] = await Promise.all([
    countKeysWithPolicy(db, orgId, policyId),
    listCatalogEntriesOfPolicy(db, orgId, policyId),
  ]);
  if (keys > 0)
    return `${keys === 1 ? "1 key carries" : `${keys} keys carry`} this policy, so it cannot be deleted. Change those keys' policies first, or mark the policy inactive.`;
  if (entries.length > 0)
    return `The catalog ${entries.length === 1 ? "entry" : "entries"} ${entries.map((e) => `“${e.name}”`).join(", ")} ${entries.length === 1 ? "publishes" : "publish"} this policy. Delete ${entries.length === 1 ? "it" : "them"} or point ${entries.length === 1 ? "it" : "them"} at another policy first.`;
  return null;
}

function isForeignKeyViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 3; depth++) {
    const x = e as { code?: string; cause?: unknown };
    if (x.code === "23503") return true;
    e = x.cause;
  }
  return false;
}

export async function removePolicy(
  db: Db,
  orgId: string,
  actor: Actor,
  policyId: string,
): Promise<Outcome<Policy>> {
  const existing = await getPolicy(db, orgId, policyId);
  if (!existing) return failed("not_found", "This policy no longer exists.");
  const busy = await policyInUse(db, orgId, policyId);
  if (busy) return failed("in_use", busy);
  try {
    const policy = await db.transaction(async (tx) => {
      const p = await deletePolicy(tx, orgId, policyId);
      if (p)
        await insertAudit(tx, orgId, {
          ...actor,
          action: "policy.deleted",
          targetType: "policy",
          targetId: p.id,
          data: { name: p.name },
        });
      return p;
    });
    if (!policy) return failed("not_found", "This policy no longer exists.");
    invalidateGatewayCache(orgId);
    return done(policy, `Policy “${policy.name}” deleted.`);
  } catch (err) {
    // A key or catalog entry took the policy between the check and the delete.
    if (isForeignKeyViolation(err))
      return failed("in_use", (await policyInUse(db, orgId, policyId)) ?? "This policy is in use.");
    throw err;
  }
}
