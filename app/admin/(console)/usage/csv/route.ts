import { getDb } from "@/db";
import { getAdminContext, mustSetUpTwoFactor } from "@/lib/auth/guards";
import { usagePageQuery, usagePageWindow } from "@/lib/usage/page-range";
import { usageCsvResponse } from "@/lib/usage/csv";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /admin/usage/csv?from=&to= — the Usage page's "Download CSV" (R-USAGE-EXPORT, console
 * half): the organisation's calls by day, developer, key and API for the days of the range,
 * streamed. Any admin of the organisation (viewers too: usage is read-only).
 */
export async function GET(request: Request) {
  const ctx = await getAdminContext();
  if (!ctx || mustSetUpTwoFactor(ctx))
    return new Response("Log in to the console to download usage.", { status: 401 });
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const chosen = usagePageWindow(usagePageQuery.parse({ ...params, range: "custom" }));
  if (!chosen.ok) return new Response(chosen.message, { status: 400 });
  return usageCsvResponse(getDb(), ctx.orgId, chosen.window.days, [
    "day",
    "developer",
    "key",
    "api",
  ]);
}
