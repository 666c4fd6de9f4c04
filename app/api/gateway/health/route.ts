import { env } from "@/lib/env";
import { handleHealth } from "@/lib/gateway/http";
import { afterTaskCounts } from "@/lib/gateway/instance";
import { toResponse } from "../respond";

// Liveness for load balancers in front of gateways; also the "does nothing" baseline of the bench.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(): Response {
  // Test hook (GATEHOUSE_DEBUG_AFTER=1): how many after() usage writes started and settled here.
  if (env().GATEHOUSE_DEBUG_AFTER)
    return Response.json(
      { ok: true, afterTasks: afterTaskCounts() },
      { headers: { "cache-control": "no-store" } },
    );
  return toResponse(handleHealth());
}
