import { getDb } from "@/db";
import { handleMetadata } from "@/lib/oauth/http";

// R-OAUTH-CLIENTS: the organisation's authorization server metadata (RFC 8414), beside its portal.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const r = await handleMetadata(getDb(), org);
  return new Response(r.body, { status: r.status, headers: r.headers });
}
