import type { GatewayResponse } from "@/lib/gateway/http";

/** A GatewayResponse as a Web Response (route handlers). */
export function toResponse(r: GatewayResponse, head = false): Response {
  return new Response(head || r.body === "" ? null : r.body, {
    status: r.status,
    headers: r.headers,
  });
}
