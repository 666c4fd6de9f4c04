import { after } from "next/server";
import { getGateway, usageWritten } from "@/lib/gateway/instance";
import { handleVerify } from "@/lib/gateway/http";
import { gatewayBody } from "../read-body";
import { toResponse } from "../respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A verify request is a key, an API and a path: 64 KB is far more than any honest one. */
const VERIFY_BODY_LIMIT = 64 * 1024;

export async function POST(request: Request): Promise<Response> {
  const body = await gatewayBody(request, VERIFY_BODY_LIMIT, "send at most 64 KB");
  if ("refused" in body) return toResponse(body.refused);
  const r = await handleVerify(getGateway(), (name) => request.headers.get(name), body.text);
  // The call's usage is written before the request's lifetime ends (docs/DEPLOY.md).
  const written = usageWritten();
  if (written) after(written);
  return toResponse(r);
}
