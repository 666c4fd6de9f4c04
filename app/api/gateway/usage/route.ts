import { getGateway } from "@/lib/gateway/instance";
import { handleUsage, MAX_BODY_BYTES, problem } from "@/lib/gateway/http";
import { toResponse } from "../respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES)
    return toResponse(problem("payload_too_large", "Send at most 5 MB per batch.", 413));
  return toResponse(
    await handleUsage(getGateway(), (name) => request.headers.get(name), await request.text()),
  );
}
