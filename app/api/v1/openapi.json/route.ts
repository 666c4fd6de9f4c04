import { withProblems } from "@/lib/api/problem";
import { buildOpenApiDocument } from "@/lib/api/spec";
import { appUrl } from "@/lib/url";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

let cached: { url: string; body: string } | undefined;

/**
 * GET /api/v1/openapi.json — the OpenAPI 3.1 document, public like any API reference: it holds
 * no data, only the contract. The server URL is APP_URL, never the request's Host.
 */
export const GET = withProblems(async () => {
  const url = appUrl();
  if (cached?.url !== url) cached = { url, body: JSON.stringify(buildOpenApiDocument(url)) };
  return new Response(cached.body, {
    headers: { "content-type": "application/json", "cache-control": "public, max-age=300" },
  });
});
