import { after } from "next/server";
import { getGateway, usageWritten } from "@/lib/gateway/instance";
import { handleAuth } from "@/lib/gateway/http";
import { toResponse } from "../respond";

// The hot path of every API call behind NGINX auth_request (docs/GATEWAY.md).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function auth(request: Request): Promise<Response> {
  const r = await handleAuth(getGateway(), (name) => request.headers.get(name), request.method);
  // The call's usage is written before the request's lifetime ends (docs/DEPLOY.md).
  after(usageWritten());
  return toResponse(r, request.method === "HEAD");
}

// NGINX's subrequest keeps the client's method unless `proxy_method GET` is set: answer them all.
export {
  auth as GET,
  auth as HEAD,
  auth as POST,
  auth as PUT,
  auth as PATCH,
  auth as DELETE,
  auth as OPTIONS,
};
