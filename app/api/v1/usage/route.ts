import { usagePage, usageTotals } from "@/db/queries/usage-export";
import { problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import {
  cursorFits,
  encodeUsageCursor,
  usageFilter,
  usagePageSchema,
  usageQuery,
  usageRowJson,
} from "@/lib/api/spec/usage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/usage?from=&to=&group_by=&developer_id=&key_id=&api_id= (R-USAGE-EXPORT) */
export const GET = apiRoute({
  query: usageQuery,
  handler: async ({ db, who, query }) => {
    if (query.cursor && !cursorFits(query.cursor, query.group_by))
      return problem("invalid_request", "Invalid query parameters.", {
        errors: [{ detail: "cursor belongs to another group_by.", parameter: "cursor" }],
      });
    const filter = usageFilter(query);
    const [page, totals] = await Promise.all([
      usagePage(db, who.org.id, {
        ...filter,
        dims: query.group_by,
        after: query.cursor,
        limit: query.limit,
      }),
      usageTotals(db, who.org.id, filter),
    ]);
    return reply(usagePageSchema, {
      from: query.from,
      to: query.to,
      group_by: query.group_by,
      totals,
      data: page.rows.map(usageRowJson),
      next_cursor: page.next ? encodeUsageCursor(page.next) : null,
    });
  },
});
