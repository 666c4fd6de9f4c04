import { getDb } from "@/db";
import { getLogo } from "@/db/queries/branding";
import { getOrganisationBySlug } from "@/db/queries/organisations";
import { isPortalSlug } from "@/lib/validation/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /<org>/logo — the portal's logo (R-PORTAL-HOME), as stored by Settings → Branding. Pages
 * link it as `?v=<update time>`, so a new logo is a new URL and this one may be cached long.
 */
export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const db = getDb();
  const org = isPortalSlug(slug) ? await getOrganisationBySlug(db, slug) : null;
  const logo = org ? await getLogo(db, org.id) : null;
  if (!logo)
    return new Response("No logo.", { status: 404, headers: { "cache-control": "no-store" } });
  const etag = `"${logo.updatedAt.getTime().toString(36)}"`;
  const headers = {
    etag,
    "cache-control": "public, max-age=86400",
    "content-type": logo.mimeType,
    "x-content-type-options": "nosniff",
  };
  if (request.headers.get("if-none-match") === etag)
    return new Response(null, { status: 304, headers });
  return new Response(Buffer.from(logo.dataBase64, "base64"), { headers });
}
