import type { AuthAnswer, GatewayResponse } from "@/lib/gateway/http";

/** A GatewayResponse as a Web Response (route handlers). */
export function toResponse(r: GatewayResponse, head = false): Response {
  return new Response(head || r.body === "" ? null : r.body, {
    status: r.status,
    headers: r.headers,
  });
}

/** An /auth answer (flat header list) as a Web Response. */
export function answerToResponse(a: AuthAnswer, head = false): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < a.head.length; i += 2)
    headers.append(a.head[i] ?? "", a.head[i + 1] ?? "");
  return new Response(head || a.body === "" ? null : a.body, { status: a.status, headers });
}
