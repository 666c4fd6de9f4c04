import { pageKeyRequests } from "@/db/queries/api-pages";
import { pageJson } from "@/lib/api/pagination";
import { apiRoute, reply } from "@/lib/api/route";
import { keyRequestJson, keyRequestListQuery, keyRequestPage } from "@/lib/api/spec/key-requests";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/key-requests?status=pending — the organisation's key requests, newest first. */
export const GET = apiRoute({
  query: keyRequestListQuery,
  handler: async ({ db, who, query }) => {
    const page = await pageKeyRequests(db, who.org.id, {
      status: query.status,
      catalogEntryId: query.catalog_entry_id,
      developerId: query.developer_id,
      developer: query.developer,
      after: query.cursor,
      limit: query.limit,
    });
    return reply(
      keyRequestPage,
      pageJson(page, (r) => keyRequestJson(r.request, r)),
    );
  },
});
