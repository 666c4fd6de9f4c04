import { getDb } from "@/db";
import { handleMetadata } from "@/lib/oauth/http";

// RFC 8414 §3.1 places the metadata of issuer https://host/<org> at
// https://host/.well-known/oauth-authorization-server/<org>: clients that build the address that
// way (openid-client's "oauth2" discovery) find the same document.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const r = await handleMetadata(getDb(), org);
  return new Response(r.body, { status: r.status, headers: r.headers });
}
