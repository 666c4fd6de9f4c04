import { orgRefusalSeries } from "@/db/queries/usage-page";
import { apiRoute, reply } from "@/lib/api/route";
import { usageRefusalsQuery, usageRefusalsSchema } from "@/lib/api/spec/usage";
import { refusalLabel } from "@/lib/usage/refusals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const DAY_MS = 86_400_000;

/** GET /api/v1/usage/refusals?from=&to=&api_id= (R-USAGE-PAGE, API half) */
export const GET = apiRoute({
  query: usageRefusalsQuery,
  handler: async ({ db, who, query }) => {
    const from = new Date(`${query.from}T00:00:00Z`);
    const to = new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS);
    const rows = await orgRefusalSeries(
      db,
      who.org.id,
      { from, to, granularity: "day" },
      { apiId: query.api_id },
    );
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(r.code, (totals.get(r.code) ?? 0) + r.refusals);
    return reply(usageRefusalsSchema, {
      from: query.from,
      to: query.to,
      api_id: query.api_id ?? null,
      codes: [...totals]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .map(([code, refusals]) => ({ code, status: refusalLabel(code).status, refusals })),
      data: rows.map((r) => ({
        day: new Date(r.t * 1000).toISOString().slice(0, 10),
        code: r.code,
        refusals: r.refusals,
      })),
    });
  },
});
