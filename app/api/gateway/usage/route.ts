import { after } from "next/server";
import { getGateway, usageWritten } from "@/lib/gateway/instance";
import { handleUsage, MAX_BODY_BYTES } from "@/lib/gateway/http";
import { gatewayBody } from "../read-body";
import { toResponse } from "../respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const body = await gatewayBody(request, MAX_BODY_BYTES, "send at most 5 MB per batch");
  if ("refused" in body) return toResponse(body.refused);
  const r = await handleUsage(getGateway(), (name) => request.headers.get(name), body.text);
  // Batches are written in the request; the gateway token's last use goes with the usage writes.
  const written = usageWritten();
  if (written) after(written);
  return toResponse(r);
}
