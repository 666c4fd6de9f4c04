import { after } from "next/server";
import { getGateway, usageWritten } from "@/lib/gateway/instance";
import { type AuthAnswer, authAnswer } from "@/lib/gateway/http";
import { answerToResponse } from "../respond";

// The hot path of every API call behind NGINX auth_request (docs/GATEWAY.md).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The standalone verifier's decision code, as it is: no body read, no await when the key, the
 * APIs and the counters are in this process (R-GW-VERIFY, issue 14).
 */
function auth(request: Request): Response | Promise<Response> {
  const head = request.method === "HEAD";
  const answer = authAnswer(getGateway(), (name) => request.headers.get(name), request.method);
  return answer instanceof Promise ? answer.then((a) => respond(a, head)) : respond(answer, head);
}

function respond(a: AuthAnswer, head: boolean): Response {
  // The call's usage (counted by now) is written before the request's lifetime ends (docs/DEPLOY.md).
  const written = usageWritten();
  if (written) after(written);
  return answerToResponse(a, head);
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
