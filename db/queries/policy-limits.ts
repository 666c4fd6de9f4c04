import { and, eq, inArray } from "drizzle-orm";
import type { PolicyForLimits } from "@/lib/policies/effective";
import type { Db, Tx } from "../index";
import { apis, policies, policyApis } from "../schema";

/**
 * Policies with their access rights, in the shape lib/policies/effective.ts takes: the ones named,
 * or every policy of the organisation ("all": the gateway's per-organisation policy cache).
 */
export async function loadPoliciesForLimits(
  db: Db | Tx,
  orgId: string,
  policyIds: string[] | "all",
): Promise<PolicyForLimits[]> {
  if (policyIds.length === 0) return [];
  const [rows, access] = await Promise.all([
    db
      .select()
      .from(policies)
      .where(
        policyIds === "all"
          ? eq(policies.orgId, orgId)
          : and(eq(policies.orgId, orgId), inArray(policies.id, policyIds)),
      ),
    db
      .select({
        policyId: policyApis.policyId,
        apiId: policyApis.apiId,
        allowedMethods: policyApis.allowedMethods,
        allowedPaths: policyApis.allowedPaths,
      })
      .from(policyApis)
      .where(
        policyIds === "all"
          ? eq(policyApis.orgId, orgId)
          : and(eq(policyApis.orgId, orgId), inArray(policyApis.policyId, policyIds)),
      ),
  ]);
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    rate: p.rate,
    per: p.per,
    quotaMax: p.quotaMax,
    quotaRenewalSeconds: p.quotaRenewalSeconds,
    keyExpiresInSeconds: p.keyExpiresInSeconds,
    isInactive: p.isInactive,
    access: access
      .filter((a) => a.policyId === p.id)
      .map(({ apiId, allowedMethods, allowedPaths }) => ({ apiId, allowedMethods, allowedPaths })),
  }));
}

/** API id → name, for showing effective limits. */
export async function apiNames(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: apis.id, name: apis.name })
    .from(apis)
    .where(eq(apis.orgId, orgId));
  return new Map(rows.map((r) => [r.id, r.name]));
}
