import { apiRoute } from "@/lib/api/route";
import { usageCsvQuery, usageFilter } from "@/lib/api/spec/usage";
import { usageCsvResponse } from "@/lib/usage/csv";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/usage/csv (R-USAGE-EXPORT): usage for any range as one CSV, streamed. */
export const GET = apiRoute({
  query: usageCsvQuery,
  handler: ({ db, who, query }) =>
    usageCsvResponse(db, who.org.id, usageFilter(query), query.group_by),
});
