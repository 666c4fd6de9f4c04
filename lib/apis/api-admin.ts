import type { Db } from "@/db";
import {
  apiConflictOf,
  type ApiValues,
  deleteApi,
  findApiConflicts,
  insertApi,
  listPoliciesGrantingApi,
  updateApi,
} from "@/db/queries/apis";
import { insertAudit } from "@/db/queries/audit";
import type { Api } from "@/db/schema";
import { outboundUrlError } from "@/lib/net/guarded-fetch";
import { invalidateGatewayCache } from "./gateway-cache";
import { type Actor, type Outcome, done, failed, isOutcome } from "@/lib/outcome";

const TAKEN = {
  slug: "Another API already uses this slug.",
  listenPath: "Another API already listens on this path: the gateway could not tell them apart.",
};

function conflictOutcome(c: { slug: boolean; listenPath: boolean }): Outcome<never> {
  const fieldErrors: Record<string, string[]> = {};
  if (c.slug) fieldErrors.slug = [TAKEN.slug];
  if (c.listenPath) fieldErrors.listenPath = [TAKEN.listenPath];
  return failed("conflict", "Please correct the highlighted fields.", fieldErrors);
}

/** A document URL the portal would refuse to fetch (R-SEC-SSRF), as a field error. */
function refusedOpenApiUrl(url: string | null): Outcome<never> | null {
  const problem = outboundUrlError(url);
  return problem
    ? failed("invalid", "Please correct the highlighted fields.", { openapiUrl: [problem] })
    : null;
}

/** Runs the write; a unique violation (another admin saved the same slug meanwhile) becomes field errors. */
async function guarded<T>(write: () => Promise<T>): Promise<T | Outcome<never>> {
  try {
    return await write();
  } catch (err) {
    const c = apiConflictOf(err);
    if (!c) throw err;
    return conflictOutcome({
      slug: c.conflict === "slug",
      listenPath: c.conflict === "listenPath",
    });
  }
}

export async function createApi(
  db: Db,
  orgId: string,
  actor: Actor,
  input: ApiValues,
): Promise<Outcome<Api>> {
  const refused = refusedOpenApiUrl(input.openapiUrl);
  if (refused) return refused;
  // Checked first so both fields get their error at once; the unique indexes still decide races.
  const taken = await findApiConflicts(db, orgId, input);
  if (taken.slug || taken.listenPath) return conflictOutcome(taken);
  const row = await guarded(() =>
    db.transaction(async (tx) => {
      const api = await insertApi(tx, orgId, input);
      await insertAudit(tx, orgId, {
        ...actor,
        action: "api.created",
        targetType: "api",
        targetId: api.id,
        data: { name: api.name, listenPath: api.listenPath },
      });
      return api;
    }),
  );
  if (isOutcome(row)) return row;
  invalidateGatewayCache(orgId);
  return done(row, `API “${row.name}” created.`);
}

export async function editApi(
  db: Db,
  orgId: string,
  actor: Actor,
  apiId: string,
  input: ApiValues,
): Promise<Outcome<Api>> {
  const refused = refusedOpenApiUrl(input.openapiUrl);
  if (refused) return refused;
  const taken = await findApiConflicts(db, orgId, input, apiId);
  if (taken.slug || taken.listenPath) return conflictOutcome(taken);
  const row = await guarded(() =>
    db.transaction(async (tx) => {
      const api = await updateApi(tx, orgId, apiId, input);
      if (api)
        await insertAudit(tx, orgId, {
          ...actor,
          action: "api.updated",
          targetType: "api",
          targetId: api.id,
          data: { name: api.name, listenPath: api.listenPath },
        });
      return api;
    }),
  );
  if (isOutcome(row)) return row;
  if (!row) return failed("not_found", "This API no longer exists.");
  invalidateGatewayCache(orgId);
  return done(row, `API “${row.name}” saved.`);
}

/** Deletes the API; the policies that granted it lose that access (named in the audit entry). */
export async function removeApi(
  db: Db,
  orgId: string,
  actor: Actor,
  apiId: string,
): Promise<Outcome<{ api: Api; policiesLosingAccess: string[] }>> {
  const result = await db.transaction(async (tx) => {
    const losing = await listPoliciesGrantingApi(tx, orgId, apiId);
    const api = await deleteApi(tx, orgId, apiId);
    if (!api) return null;
    const names = losing.map((p) => p.name);
    await insertAudit(tx, orgId, {
      ...actor,
      action: "api.deleted",
      targetType: "api",
      targetId: api.id,
      data: { name: api.name, policiesLosingAccess: names },
    });
    return { api, policiesLosingAccess: names };
  });
  if (!result) return failed("not_found", "This API no longer exists.");
  invalidateGatewayCache(orgId);
  return done(result, `API “${result.api.name}” deleted.`);
}
