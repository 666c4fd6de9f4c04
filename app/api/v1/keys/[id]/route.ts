import { getApiKey } from "@/db/queries/api-keys";
import { outcomeProblem, problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import { apiOutcome, keyJson, keyPath, keySchema, keyUpdateBody } from "@/lib/api/spec/keys";
import { changeKeyPolicies } from "@/lib/keys/issue";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NOT_FOUND = "Key not found.";

/** GET /api/v1/keys/{id} — never the key's value. */
export const GET = apiRoute({
  params: keyPath,
  notFound: NOT_FOUND,
  handler: async ({ db, who, params }) => {
    const found = await getApiKey(db, who.org.id, params.id);
    if (!found) return problem("not_found", NOT_FOUND);
    return reply(keySchema, keyJson(found.key, found.policyIds));
  },
});

/** PATCH /api/v1/keys/{id} (R-KEY-POLICY-CHANGE): replaces the key's policies. */
export const PATCH = apiRoute({
  params: keyPath,
  notFound: NOT_FOUND,
  body: keyUpdateBody,
  handler: async ({ db, who, actor, params, body }) => {
    const before = await getApiKey(db, who.org.id, params.id);
    if (!before) return problem("not_found", NOT_FOUND);
    if (before.key.status === "revoked")
      return problem("conflict", "This key is revoked: its policies cannot change.");
    const r = await changeKeyPolicies(db, who.org.id, params.id, body.policy_ids, actor);
    if (!r.ok) return outcomeProblem(apiOutcome(r));
    const after = await getApiKey(db, who.org.id, params.id);
    if (!after) return problem("not_found", NOT_FOUND);
    return reply(keySchema, keyJson(after.key, after.policyIds));
  },
});
