import { stringify } from "csv-stringify/sync";
import { usagePage } from "@/db/queries/usage-export";
import { apiRoute } from "@/lib/api/route";
import { CSV_COLUMNS, usageCsvQuery, usageFilter, usageRowJson } from "@/lib/api/spec/usage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Rows read per database round trip while streaming. */
const BATCH = 5000;

// A cell a spreadsheet would evaluate as a formula gets a leading quote (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const cell = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/**
 * GET /api/v1/usage/csv (R-USAGE-EXPORT): usage for any range as one CSV, streamed: each batch
 * of rows is read (keyset, bounded memory) only when the client has taken the previous one.
 */
export const GET = apiRoute({
  query: usageCsvQuery,
  handler: async ({ db, who, query }) => {
    const orgId = who.org.id;
    const filter = usageFilter(query);
    const dims = query.group_by;
    const columns = [
      ...dims.flatMap((d) => CSV_COLUMNS[d]),
      "requests",
      "successes",
      "errors",
    ] as const;
    const options = { cast: { string: cell } };
    // The first batch is read before answering, so a failing query is a 500 problem, not a cut file.
    let page = await usagePage(db, orgId, { ...filter, dims, limit: BATCH });
    let first = true;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!first) {
          if (!page.next) return controller.close();
          page = await usagePage(db, orgId, { ...filter, dims, after: page.next, limit: BATCH });
        }
        const records = page.rows.map((r) => {
          const json = usageRowJson(r) as Record<string, string | number | null | undefined>;
          return columns.map((c) => json[c] ?? "");
        });
        const text = stringify(
          first ? [columns as readonly string[], ...records] : records,
          options,
        );
        first = false;
        controller.enqueue(encoder.encode(text));
        if (!page.next) controller.close();
      },
    });
    const name = `usage-${query.from}-to-${query.to}.csv`;
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  },
});
