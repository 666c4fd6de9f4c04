import { getDb } from "@/db";
import { getAdminContext, mustSetUpTwoFactor } from "@/lib/auth/guards";
import { usagePageQuery, usagePageWindow } from "@/lib/usage/page-range";
import { usageCsvResponse } from "@/lib/usage/csv";
import { parseId } from "@/lib/validation/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /admin/usage/csv?from=&to=[&developer_id=|&key_id=][&api_id=] — "Download CSV" of the Usage page,
 * a developer's profile and a key's analytics (R-USAGE-EXPORT, console
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
  // One developer's or one key's rows (the profile's and the key analytics' buttons); an id of
  // another organisation matches no row of this one.
  const developerId = parseId(params.developer_id, "dev") ?? undefined;
  const keyId = parseId(params.key_id, "key") ?? undefined;
  const apiId = parseId(params.api_id, "api") ?? undefined;
  if ((params.developer_id && !developerId) || (params.key_id && !keyId))
    return new Response("Unknown developer or key.", { status: 404 });
  if (params.api_id && !apiId) return new Response("Unknown API.", { status: 404 });
  const filter = { ...chosen.window.days, developerId, keyId, apiId };
  return usageCsvResponse(getDb(), ctx.orgId, filter, ["day", "developer", "key", "api"]);
}
