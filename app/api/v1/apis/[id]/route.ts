import { getApi } from "@/db/queries/apis";
import { problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import { apiJson, apiPath, apiSchema } from "@/lib/api/spec/configuration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/apis/{id} */
export const GET = apiRoute({
  params: apiPath,
  notFound: "API not found.",
  handler: async ({ db, who, params }) => {
    const api = await getApi(db, who.org.id, params.id);
    if (!api) return problem("not_found", "API not found.");
    return reply(apiSchema, apiJson(api));
  },
});
