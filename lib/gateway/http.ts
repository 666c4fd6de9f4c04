import { z } from "zod";
import { singleLineText } from "@/lib/validation/text";
import type { Gateway, TokenMemo } from "./gateway";
import { extractKey, type HeaderGetter, normalisePath, parseOriginalUri } from "./request";
import {
  type Decision,
  DECISION_MESSAGE,
  GatewayServiceError,
  isGatewayServiceError,
  type ServiceErrorCode,
  SERVICE_ERROR_STATUS,
} from "./types";
import { ingestUsage, usageBatchSchema } from "./usage-ingest";
import { errorText, gatewayLog } from "@/lib/log";

/**
 * The gateway contract over HTTP, independent of the server: the Next.js route handlers and the
 * standalone node:http verifier both turn a request into these calls and write the result.
 */
export type GatewayResponse = { status: number; headers: Record<string, string>; body: string };

export const GATEWAY_TOKEN_HEADER = "x-gatehouse-gateway-token";
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const JSON_TYPE = "application/json; charset=utf-8";
const BASE_HEADERS = { "cache-control": "no-store" };

export function problem(
  code: ServiceErrorCode | Decision["code"],
  message: string,
  status: number,
  headers: Record<string, string> = {},
): GatewayResponse {
  return {
    status,
    headers: { ...BASE_HEADERS, "content-type": JSON_TYPE, ...headers },
    body: JSON.stringify({ error: { code, message } }),
  };
}

function json(status: number, value: unknown): GatewayResponse {
  return {
    status,
    headers: { ...BASE_HEADERS, "content-type": JSON_TYPE },
    body: JSON.stringify(value),
  };
}

/** Errors never leak a stack: service errors keep their code, anything else is a logged 500. */
export function errorResponse(err: unknown): GatewayResponse {
  if (isGatewayServiceError(err))
    return problem(err.code, err.message, SERVICE_ERROR_STATUS[err.code]);
  gatewayLog.error({ err: errorText(err) }, "unexpected error");
  return problem(
    "internal_error",
    "The gateway API failed unexpectedly.",
    SERVICE_ERROR_STATUS.internal_error,
  );
}

/** The gateway token: its own header (NGINX leaves Authorization to the client), or Bearer gw_… for JSON callers. */
function gatewayToken(header: HeaderGetter, allowBearer: boolean): string | null {
  const direct = header(GATEWAY_TOKEN_HEADER)?.trim();
  if (direct) return direct;
  const auth = header("authorization")?.trim();
  if (allowBearer && auth && /^bearer\s+gw_/i.test(auth)) return auth.replace(/^bearer\s+/i, "");
  return null;
}

/** The limit headers of the contract, appended to a flat list; kept to these few: NGINX parses them on every call. */
function pushLimitHeaders(head: string[], d: Decision): void {
  if (d.ratelimit)
    head.push(
      "x-ratelimit-limit",
      String(d.ratelimit.limit),
      "x-ratelimit-remaining",
      String(d.ratelimit.remaining),
      "x-ratelimit-reset",
      String(Math.ceil(d.ratelimit.reset / 1000)),
    );
  if (d.quota) head.push("x-quota-remaining", String(d.quota.remaining));
  if (d.retryAfter !== null) head.push("retry-after", String(d.retryAfter));
}

/**
 * The request header by which NGINX's auth location asks for refusals it can answer without
 * dropping the client's connection (docs/GATEWAY.md, "A ready NGINX configuration").
 */
export const AUTH_MODE_HEADER = "x-gatehouse-auth-mode";

/** A header value holds no raw non-ASCII: JSON's own escapes for everything above 0x7e. */
function asciiJson(body: string): string {
  return body.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * An /auth answer: the status, the headers as one flat list (name, value, name, value, …) —
 * what node:http's writeHead takes as it is, with no header object per call — and the body.
 */
export type AuthAnswer = { status: number; head: string[]; body: string };

function answerOf(r: GatewayResponse): AuthAnswer {
  const head: string[] = [];
  for (const name in r.headers) head.push(name, r.headers[name] ?? "");
  return { status: r.status, head, body: r.body };
}

/** The same answer as a header record (the Next.js route and the tests). */
export function responseOf(a: AuthAnswer): GatewayResponse {
  const headers: Record<string, string> = {};
  for (let i = 0; i < a.head.length; i += 2) headers[a.head[i] ?? ""] = a.head[i + 1] ?? "";
  return { status: a.status, headers, body: a.body };
}

// Every refusal's JSON body, made once (they are constant per code).
const PROBLEM_BODY = Object.fromEntries(
  (Object.keys(DECISION_MESSAGE) as Decision["code"][]).map((code) => [
    code,
    JSON.stringify({ error: { code, message: DECISION_MESSAGE[code] } }),
  ]),
) as Record<Decision["code"], string>;

function decisionAnswer(d: Decision): AuthAnswer {
  if (d.status === 200) {
    const head: string[] = [];
    pushLimitHeaders(head, d);
    head.push("x-gatehouse-developer", d.developerId ?? "", "x-gatehouse-key", d.keyId ?? "");
    return { status: 200, head, body: "" };
  }
  const head = ["cache-control", "no-store", "content-type", JSON_TYPE];
  pushLimitHeaders(head, d);
  head.push("x-gatehouse-code", d.code);
  return { status: d.status, head, body: PROBLEM_BODY[d.code] };
}

/**
 * NGINX's auth_request passes 401 and 403 through but turns every other status into a 500, and
 * NGINX closes the client's keep-alive connection on that 500 before any error_page runs. With
 * `X-Gatehouse-Auth-Mode: nginx`, a refusal is therefore answered as 401 (when it is one) or 403,
 * with the real status in `X-Gatehouse-Status` and the JSON problem body in
 * `X-Gatehouse-Problem`, from which the configuration's named location answers the client:
 * the real status, the JSON body, the connection kept.
 */
function foldForNginx(a: AuthAnswer): AuthAnswer {
  if (a.status < 300) return a;
  a.head.push("x-gatehouse-status", String(a.status), "x-gatehouse-problem", asciiJson(a.body));
  return { status: a.status === 401 ? 401 : 403, head: a.head, body: a.body };
}

function nginxMode(header: HeaderGetter): boolean {
  const v = header(AUTH_MODE_HEADER);
  return v === "nginx" || (!!v && v.trim().toLowerCase() === "nginx");
}

/**
 * GET /api/gateway/auth — NGINX auth_request: the status is the answer, details in headers.
 * Synchronous when the gateway token, the key and the APIs are cached and the counters are in
 * this process (R-GW-VERIFY, issue 14); a Promise only when something had to be loaded.
 * `conn`: the connection's memo of its gateway token (Gateway.principal).
 */
export function authAnswer(
  gateway: Gateway,
  header: HeaderGetter,
  requestMethod: string,
  conn?: TokenMemo,
): AuthAnswer | Promise<AuthAnswer> {
  const nginx = nginxMode(header);
  let a: AuthAnswer | Promise<AuthAnswer>;
  try {
    a = decideAuth(gateway, header, requestMethod, conn);
  } catch (err) {
    a = answerOf(errorResponse(err));
  }
  if (a instanceof Promise)
    return a.then(
      (x) => (nginx ? foldForNginx(x) : x),
      (err: unknown) => {
        const x = answerOf(errorResponse(err));
        return nginx ? foldForNginx(x) : x;
      },
    );
  return nginx ? foldForNginx(a) : a;
}

/** authAnswer with the headers as a record. */
export function handleAuth(
  gateway: Gateway,
  header: HeaderGetter,
  requestMethod: string,
): GatewayResponse | Promise<GatewayResponse> {
  const a = authAnswer(gateway, header, requestMethod);
  return a instanceof Promise ? a.then(responseOf) : responseOf(a);
}

function decideAuth(
  gateway: Gateway,
  header: HeaderGetter,
  requestMethod: string,
  conn: TokenMemo | undefined,
): AuthAnswer | Promise<AuthAnswer> {
  const principal = gateway.principal(gatewayToken(header, false), conn);
  return principal instanceof Promise
    ? principal.then((p) => judgeAuth(gateway, header, requestMethod, p.orgId))
    : judgeAuth(gateway, header, requestMethod, principal.orgId);
}

function judgeAuth(
  gateway: Gateway,
  header: HeaderGetter,
  requestMethod: string,
  orgId: string,
): AuthAnswer | Promise<AuthAnswer> {
  const original = header("x-original-uri");
  if (!original)
    return answerOf(
      problem(
        "bad_request",
        "Send the client's request URI in X-Original-URI (proxy_set_header X-Original-URI $request_uri).",
        400,
      ),
    );
  const parsed = parseOriginalUri(original);
  if (!parsed.ok)
    return answerOf(
      problem("bad_request", `Refused: ${parsed.reason}`, 400, {
        "x-gatehouse-code": "bad_request",
      }),
    );
  const method = (header("x-original-method") ?? requestMethod).toUpperCase();
  const d = gateway.decide(orgId, {
    key: extractKey(header, parsed.apiKeyParam),
    path: parsed.path,
    method,
    // R-KEY-IP-ALLOW: the client's address as NGINX saw it (proxy_set_header X-Real-IP $remote_addr).
    clientIp: header("x-real-ip") ?? null,
  });
  return d instanceof Promise ? d.then(decisionAnswer) : decisionAnswer(d);
}

const verifySchema = z
  .object({
    // No control characters (R-SEC-BAD-INPUT); the path has its own check (canonical-path.ts).
    key: singleLineText().max(500).nullish(),
    api: singleLineText().min(1).max(200).optional(),
    path: z.string().min(1).max(4096).optional(),
    method: singleLineText().min(1).max(20).default("GET"),
    // R-KEY-IP-ALLOW: the caller's address, for keys with IP rules.
    client_ip: singleLineText().max(100).nullish(),
  })
  .refine((v) => v.api || v.path, { message: "Send api (id or slug) or path." });

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new GatewayServiceError("bad_request", "The body must be JSON.");
  }
}

function validation(error: z.ZodError): GatewayServiceError {
  const first = error.issues[0];
  return new GatewayServiceError(
    "bad_request",
    first ? `${first.path.join(".") || "body"}: ${first.message}` : "Invalid body.",
  );
}

/**
 * POST /api/gateway/verify — for gateways that are not NGINX: always 200 with the decision in
 * JSON. Like /auth, no Promise when the gateway token and the key are cached and the counters are
 * in this process (R-GW-VERIFY, issue 14): the same decision code, no await of its own.
 */
export function handleVerify(
  gateway: Gateway,
  header: HeaderGetter,
  body: string,
): GatewayResponse | Promise<GatewayResponse> {
  try {
    const principal = gateway.principal(gatewayToken(header, true));
    return principal instanceof Promise
      ? principal.then((p) => verifyAnswer(gateway, p.orgId, body), errorResponse)
      : verifyAnswer(gateway, principal.orgId, body);
  } catch (err) {
    return errorResponse(err);
  }
}

function verifyAnswer(
  gateway: Gateway,
  orgId: string,
  body: string,
): GatewayResponse | Promise<GatewayResponse> {
  try {
    const parsed = verifySchema.safeParse(parseJson(body));
    if (!parsed.success) throw validation(parsed.error);
    const { key, api, method } = parsed.data;
    const canonical = parsed.data.path ? normalisePath(parsed.data.path) : null;
    if (canonical && !canonical.ok)
      throw new GatewayServiceError("bad_request", `path: ${canonical.reason}`);
    const d = gateway.decide(orgId, {
      key: key ?? null,
      api: api ?? null,
      path: canonical?.ok ? canonical.path : null,
      method: method.toUpperCase(),
      clientIp: parsed.data.client_ip ?? null,
    });
    return d instanceof Promise ? d.then(verifyResponse, errorResponse) : verifyResponse(d);
  } catch (err) {
    return errorResponse(err);
  }
}

function verifyResponse(d: Decision): GatewayResponse {
  return json(200, {
    valid: d.status === 200,
    code: d.code,
    status: d.status,
    keyId: d.keyId,
    developerId: d.developerId,
    apiId: d.apiId,
    ratelimit: d.ratelimit,
    quota: d.quota,
    expiresAt: d.expiresAt ? d.expiresAt.toISOString() : null,
    retryAfter: d.retryAfter,
  });
}

/** POST /api/gateway/usage — batches of usage records, idempotent per batchId. */
export async function handleUsage(
  gateway: Gateway,
  header: HeaderGetter,
  body: string,
): Promise<GatewayResponse> {
  try {
    const { orgId } = await gateway.authenticate(gatewayToken(header, true));
    if (body.length > MAX_BODY_BYTES)
      throw new GatewayServiceError("payload_too_large", "Send at most 5 MB per batch.");
    const parsed = usageBatchSchema.safeParse(parseJson(body));
    if (!parsed.success) throw validation(parsed.error);
    return json(200, await ingestUsage(gateway, orgId, parsed.data));
  } catch (err) {
    return errorResponse(err);
  }
}

/** GET /api/gateway/health — liveness for load balancers; touches nothing. */
export function handleHealth(): GatewayResponse {
  return json(200, { ok: true });
}
