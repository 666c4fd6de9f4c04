import { pagePolicies } from "@/db/queries/api-pages";
import { pageJson } from "@/lib/api/pagination";
import { apiRoute, reply } from "@/lib/api/route";
import { policyJson, policyListQuery, policyPage } from "@/lib/api/spec/configuration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/policies?search=&active= */
export const GET = apiRoute({
  query: policyListQuery,
  handler: async ({ db, who, query }) => {
    const page = await pagePolicies(db, who.org.id, {
      search: query.search,
      active: query.active,
      after: query.cursor,
      limit: query.limit,
    });
    return reply(policyPage, pageJson(page, policyJson));
  },
});
