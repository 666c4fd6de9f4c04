import { pageCatalogEntries } from "@/db/queries/api-pages";
import { pageJson } from "@/lib/api/pagination";
import { apiRoute, reply } from "@/lib/api/route";
import {
  catalogEntryJson,
  catalogEntryListQuery,
  catalogEntryPage,
} from "@/lib/api/spec/configuration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/catalog-entries?search=&visibility=&policy_id= */
export const GET = apiRoute({
  query: catalogEntryListQuery,
  handler: async ({ db, who, query }) => {
    const page = await pageCatalogEntries(db, who.org.id, {
      search: query.search,
      visibility: query.visibility,
      policyId: query.policy_id,
      after: query.cursor,
      limit: query.limit,
    });
    return reply(
      catalogEntryPage,
      pageJson(page, (r) => catalogEntryJson(r.entry)),
    );
  },
});
