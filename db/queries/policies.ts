import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { apis, catalogEntries, keyPolicies, type Policy, policies, policyApis } from "../schema";

export type PolicyValues = Pick<
  Policy,
  | "name"
  | "rate"
  | "per"
  | "quotaMax"
  | "quotaRenewalSeconds"
  | "keyExpiresInSeconds"
  | "isInactive"
  | "allowOauth"
  | "tags"
>;
export type AccessRow = { apiId: string; allowedMethods: string[]; allowedPaths: string[] };

export type PolicyListRow = Policy & {
  apis: Array<{ id: string; name: string }>;
  keyCount: number;
  catalogCount: number;
};

/** Policies list: each policy with the APIs it grants, the keys carrying it and its catalog entries. */
export async function listPolicies(db: Db, orgId: string): Promise<PolicyListRow[]> {
  const [rows, granted, keyCounts, catalogCounts] = await Promise.all([
    db
      .select()
      .from(policies)
      .where(eq(policies.orgId, orgId))
      .orderBy(asc(policies.name), asc(policies.id)),
    db
      .select({ policyId: policyApis.policyId, id: apis.id, name: apis.name })
      .from(policyApis)
      .innerJoin(apis, and(eq(apis.id, policyApis.apiId), eq(apis.orgId, orgId)))
      .where(eq(policyApis.orgId, orgId))
      .orderBy(asc(apis.name)),
    db
      .select({ policyId: keyPolicies.policyId, n: count() })
      .from(keyPolicies)
      .where(eq(keyPolicies.orgId, orgId))
      .groupBy(keyPolicies.policyId),
    db
      .select({ policyId: catalogEntries.policyId, n: count() })
      .from(catalogEntries)
      .where(eq(catalogEntries.orgId, orgId))
      .groupBy(catalogEntries.policyId),
  ]);
  const keysBy = new Map(keyCounts.map((k) => [k.policyId, Number(k.n)]));
  const catalogBy = new Map(catalogCounts.map((c) => [c.policyId, Number(c.n)]));
  return rows.map((p) => ({
    ...p,
    apis: granted.filter((g) => g.policyId === p.id).map(({ id, name }) => ({ id, name })),
    keyCount: keysBy.get(p.id) ?? 0,
    catalogCount: catalogBy.get(p.id) ?? 0,
  }));
}

/** Id and name of every policy, for pickers (catalog entry form). */
export async function listPolicyOptions(db: Db, orgId: string) {
  return db
    .select({ id: policies.id, name: policies.name, isInactive: policies.isInactive })
    .from(policies)
    .where(eq(policies.orgId, orgId))
    .orderBy(asc(policies.name));
}

export async function getPolicy(
  db: Db | Tx,
  orgId: string,
  policyId: string,
): Promise<(Policy & { access: AccessRow[] }) | null> {
  const [row] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.orgId, orgId), eq(policies.id, policyId)))
    .limit(1);
  if (!row) return null;
  const access = await db
    .select({
      apiId: policyApis.apiId,
      allowedMethods: policyApis.allowedMethods,
      allowedPaths: policyApis.allowedPaths,
    })
    .from(policyApis)
    .where(and(eq(policyApis.orgId, orgId), eq(policyApis.policyId, policyId)));
  return { ...row, access };
}

export async function insertPolicy(
  db: Db | Tx,
  orgId: string,
  values: PolicyValues,
): Promise<Policy> {
  const [row] = await db
    .insert(policies)
    .values({ ...values, orgId })
    .returning();
  if (!row) throw new Error("policy insert returned nothing");
  return row;
}

/** Null when the policy is not one of this organisation's. */
export async function updatePolicy(
  db: Db | Tx,
  orgId: string,
  policyId: string,
  values: PolicyValues,
): Promise<Policy | null> {
  const [row] = await db
    .update(policies)
    .set(values)
    .where(and(eq(policies.orgId, orgId), eq(policies.id, policyId)))
    .returning();
  return row ?? null;
}

/**
 * Replaces the policy's access rights. Writes nothing and answers false unless the policy and
 * every API belong to `orgId` (the FK alone would accept another organisation's API id).
 */
export async function replacePolicyAccess(
  db: Db | Tx,
  orgId: string,
  policyId: string,
  access: AccessRow[],
): Promise<boolean> {
  const [owned] = await db
    .select({ id: policies.id })
    .from(policies)
    .where(and(eq(policies.orgId, orgId), eq(policies.id, policyId)))
    .limit(1);
  if (!owned) return false;
  const apiIds = [...new Set(access.map((a) => a.apiId))];
  if (apiIds.length) {
    const known = await db
      .select({ id: apis.id })
      .from(apis)
      .where(and(eq(apis.orgId, orgId), inArray(apis.id, apiIds)));
    if (known.length !== apiIds.length) return false;
  }
  await db
    .delete(policyApis)
    .where(and(eq(policyApis.orgId, orgId), eq(policyApis.policyId, policyId)));
  if (access.length)
    await db.insert(policyApis).values(access.map((a) => ({ ...a, orgId, policyId })));
  return true;
}

/** Fails on the foreign keys while keys or catalog entries still use the policy: check first. */
export async function deletePolicy(
  db: Db | Tx,
  orgId: string,
  policyId: string,
): Promise<Policy | null> {
  const [row] = await db
    .delete(policies)
    .where(and(eq(policies.orgId, orgId), eq(policies.id, policyId)))
    .returning();
  return row ?? null;
}

/** Keys carrying the policy (revoked ones included: their rows still reference it). */
export async function countKeysWithPolicy(
  db: Db | Tx,
  orgId: string,
  policyId: string,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(keyPolicies)
    .where(and(eq(keyPolicies.orgId, orgId), eq(keyPolicies.policyId, policyId)));
  return Number(row?.n ?? 0);
}

export async function listCatalogEntriesOfPolicy(db: Db | Tx, orgId: string, policyId: string) {
  return db
    .select({ id: catalogEntries.id, name: catalogEntries.name })
    .from(catalogEntries)
    .where(and(eq(catalogEntries.orgId, orgId), eq(catalogEntries.policyId, policyId)))
    .orderBy(asc(catalogEntries.name));
}
