import { getApiKey } from "@/db/queries/api-keys";
import { outcomeProblem, problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import { keyJson, keyPath, keySchema } from "@/lib/api/spec/keys";
import { revokeKey } from "@/lib/keys/issue";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NOT_FOUND = "Key not found.";

/** POST /api/v1/keys/{id}/revoke (R-KEY-ROTATE): the console's "Revoke key"; final. */
export const POST = apiRoute({
  params: keyPath,
  notFound: NOT_FOUND,
  handler: async ({ db, who, actor, params }) => {
    const before = await getApiKey(db, who.org.id, params.id);
    if (!before) return problem("not_found", NOT_FOUND);
    if (before.key.status === "revoked") return problem("conflict", "This key is already revoked.");
    const r = await revokeKey(db, who.org.id, params.id, actor);
    if (!r.ok) return outcomeProblem(r);
    const after = await getApiKey(db, who.org.id, params.id);
    if (!after) return problem("not_found", NOT_FOUND);
    return reply(keySchema, keyJson(after.key, after.policyIds));
  },
});
