import { getDb } from "@/db";
import { handleJwks } from "@/lib/oauth/http";
import { toResponse } from "../respond";

// R-OAUTH-CLIENTS: the organisation's JWKS (jwks_uri), public keys of its access tokens.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  return toResponse(await handleJwks(getDb(), org));
}
