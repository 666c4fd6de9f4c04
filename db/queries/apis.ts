import { and, asc, count, eq, ne, or } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { type Api, apis, policies, policyApis } from "../schema";
import { uniqueViolation } from "../unique-violation";

export type ApiValues = Pick<
  Api,
  | "name"
  | "slug"
  | "listenPath"
  | "description"
  | "docsMarkdown"
  | "openapiUrl"
  | "upstreamUrl"
  | "authType"
>;

export type ApiConflict = { conflict: "slug" | "listenPath" };

/**
 * The conflict behind an insert/update error, or null. Insert and update throw (so a transaction
 * around them rolls back); callers map the error with this once the transaction has ended.
 */
export function apiConflictOf(err: unknown): ApiConflict | null {
  const constraint = uniqueViolation(err);
  if (constraint === null) return null;
  return { conflict: constraint.includes("listen_path") ? "listenPath" : "slug" };
}

/** APIs list: every API with the number of policies granting it. */
export async function listApis(db: Db, orgId: string) {
  const granted = db
    .select({ apiId: policyApis.apiId, n: count().as("n") })
    .from(policyApis)
    .where(eq(policyApis.orgId, orgId))
    .groupBy(policyApis.apiId)
    .as("granted");
  const rows = await db
    .select({
      id: apis.id,
      name: apis.name,
      slug: apis.slug,
      listenPath: apis.listenPath,
      authType: apis.authType,
      policyCount: granted.n,
    })
    .from(apis)
    .leftJoin(granted, eq(granted.apiId, apis.id))
    .where(eq(apis.orgId, orgId))
    .orderBy(asc(apis.name), asc(apis.id));
  return rows.map((r) => ({ ...r, policyCount: Number(r.policyCount ?? 0) }));
}

export async function getApi(db: Db | Tx, orgId: string, apiId: string): Promise<Api | null> {
  const [row] = await db
    .select()
    .from(apis)
    .where(and(eq(apis.orgId, orgId), eq(apis.id, apiId)))
    .limit(1);
  return row ?? null;
}

/** Throws on a taken slug or listen path: see apiConflictOf. */
export async function insertApi(db: Db | Tx, orgId: string, values: ApiValues): Promise<Api> {
  const [row] = await db
    .insert(apis)
    .values({ ...values, orgId })
    .returning();
  if (!row) throw new Error("api insert returned nothing");
  return row;
}

/** Null when the API is not one of this organisation's; throws on a conflict (see apiConflictOf). */
export async function updateApi(
  db: Db | Tx,
  orgId: string,
  apiId: string,
  values: ApiValues,
): Promise<Api | null> {
  const [row] = await db
    .update(apis)
    .set(values)
    .where(and(eq(apis.orgId, orgId), eq(apis.id, apiId)))
    .returning();
  return row ?? null;
}

/** Which of slug / listen path another API of the organisation already uses. */
export async function findApiConflicts(
  db: Db | Tx,
  orgId: string,
  { slug, listenPath }: { slug: string; listenPath: string },
  exceptApiId?: string,
): Promise<{ slug: boolean; listenPath: boolean }> {
  const rows = await db
    .select({ slug: apis.slug, listenPath: apis.listenPath })
    .from(apis)
    .where(
      and(
        eq(apis.orgId, orgId),
        or(eq(apis.slug, slug), eq(apis.listenPath, listenPath)),
        exceptApiId ? ne(apis.id, exceptApiId) : undefined,
      ),
    );
  return {
    slug: rows.some((r) => r.slug === slug),
    listenPath: rows.some((r) => r.listenPath === listenPath),
  };
}

/** Deletes the API; its access rights in policies and its usage rollups go with it (FK cascade). */
export async function deleteApi(db: Db | Tx, orgId: string, apiId: string): Promise<Api | null> {
  const [row] = await db
    .delete(apis)
    .where(and(eq(apis.orgId, orgId), eq(apis.id, apiId)))
    .returning();
  return row ?? null;
}

/** Policies that grant this API: they lose access when it is deleted. */
export async function listPoliciesGrantingApi(db: Db | Tx, orgId: string, apiId: string) {
  return db
    .select({ id: policies.id, name: policies.name })
    .from(policyApis)
    .innerJoin(policies, and(eq(policies.id, policyApis.policyId), eq(policies.orgId, orgId)))
    .where(and(eq(policyApis.orgId, orgId), eq(policyApis.apiId, apiId)))
    .orderBy(asc(policies.name));
}
