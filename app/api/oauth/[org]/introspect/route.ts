import { getDb } from "@/db";
import { handleIntrospect } from "@/lib/oauth/http";
import { formBody, toResponse } from "../respond";

// R-OAUTH-CLIENTS: token introspection (RFC 7662) for the organisation's resource servers.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const body = await formBody(request);
  if ("refused" in body) return body.refused;
  return toResponse(
    await handleIntrospect(getDb(), org, (name) => request.headers.get(name), body.text),
  );
}
