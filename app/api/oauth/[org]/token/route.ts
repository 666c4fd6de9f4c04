import { getDb } from "@/db";
import { handleToken } from "@/lib/oauth/http";
import { formBody, toResponse } from "../respond";

// R-OAUTH-CLIENTS: the client-credentials token endpoint of one organisation (RFC 6749 §4.4).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const body = await formBody(request);
  if ("refused" in body) return body.refused;
  return toResponse(
    await handleToken(getDb(), org, (name) => request.headers.get(name), body.text),
  );
}
