import { stringify } from "csv-stringify/sync";
import type { Db } from "@/db";
import { type UsageDimension, type UsageFilter, usagePage } from "@/db/queries/usage-export";
import { CSV_COLUMNS, usageRowJson } from "@/lib/api/spec/usage";

/** Rows read per database round trip while streaming. */
const BATCH = 5000;

// A cell a spreadsheet would evaluate as a formula gets a leading quote (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const cell = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/**
 * R-USAGE-EXPORT: usage for any range as one CSV, streamed — each batch of rows is read (keyset,
 * bounded memory) only when the client has taken the previous one. The management API's
 * /api/v1/usage/csv and the console's "Download CSV" answer with it. The first batch is read
 * before answering, so a failing query is an error response, not a cut file.
 */
export async function usageCsvResponse(
  db: Db,
  orgId: string,
  filter: UsageFilter,
  dims: UsageDimension[],
): Promise<Response> {
  const columns = [
    ...dims.flatMap((d) => CSV_COLUMNS[d]),
    "requests",
    "successes",
    "errors",
  ] as const;
  const options = { cast: { string: cell } };
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
      const text = stringify(first ? [columns as readonly string[], ...records] : records, options);
      first = false;
      controller.enqueue(encoder.encode(text));
      if (!page.next) controller.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage-${filter.from}-to-${filter.to}.csv"`,
      "cache-control": "no-store",
    },
  });
}
