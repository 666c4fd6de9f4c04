import { getGateway } from "@/lib/gateway/instance";
import { handleVerify } from "@/lib/gateway/http";
import { toResponse } from "../respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return toResponse(
    await handleVerify(getGateway(), (name) => request.headers.get(name), await request.text()),
  );
}
