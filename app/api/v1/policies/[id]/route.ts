import { getPolicy } from "@/db/queries/policies";
import { problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import { policyJson, policyPath, policySchema } from "@/lib/api/spec/configuration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/policies/{id} */
export const GET = apiRoute({
  params: policyPath,
  notFound: "Policy not found.",
  handler: async ({ db, who, params }) => {
    const policy = await getPolicy(db, who.org.id, params.id);
    if (!policy) return problem("not_found", "Policy not found.");
    return reply(policySchema, policyJson(policy));
  },
});
