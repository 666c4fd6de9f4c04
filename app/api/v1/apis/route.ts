import { pageApis } from "@/db/queries/api-pages";
import { pageJson } from "@/lib/api/pagination";
import { apiRoute, reply } from "@/lib/api/route";
import { apiJson, apiListQuery, apiPage } from "@/lib/api/spec/configuration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/apis?search=&auth_type= */
export const GET = apiRoute({
  query: apiListQuery,
  handler: async ({ db, who, query }) => {
    const page = await pageApis(db, who.org.id, {
      search: query.search,
      authType: query.auth_type,
      after: query.cursor,
      limit: query.limit,
    });
    return reply(
      apiPage,
      pageJson(page, (r) => apiJson(r.api)),
    );
  },
});
