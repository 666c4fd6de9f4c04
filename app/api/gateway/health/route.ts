import { handleHealth } from "@/lib/gateway/http";
import { toResponse } from "../respond";

// Liveness for load balancers in front of gateways; also the "does nothing" baseline of the bench.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(): Response {
  return toResponse(handleHealth());
}
