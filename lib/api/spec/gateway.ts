import { z } from "zod";
import { DECISION_STATUS, SERVICE_ERROR_STATUS } from "@/lib/gateway/types";
import { usageBatchSchema } from "@/lib/gateway/usage-ingest";
import type { SpecModule } from "./common";

/**
 * The gateway contract (lib/gateway/http.ts, docs/GATEWAY.md): what NGINX and other gateways call
 * on every API request. Authenticated by a gateway token (Console → Tokens, kind gateway), not a
 * management token; errors are `{ error: { code, message } }` JSON, which NGINX configurations parse.
 */
const DECISION_CODES = Object.keys(DECISION_STATUS) as [string, ...string[]];
const SERVICE_CODES = Object.keys(SERVICE_ERROR_STATUS) as [string, ...string[]];

const gatewayErrorSchema = z
  .object({
    error: z.object({
      code: z.enum([...DECISION_CODES, ...SERVICE_CODES] as [string, ...string[]]),
      message: z.string(),
    }),
  })
  .meta({ id: "GatewayError", description: "A refusal or a service error of the gateway API." });

const gatewayError = (description: string) => ({
  description,
  content: { "application/json": { schema: gatewayErrorSchema } },
});

const tokenHeader = z.object({
  "X-Gatehouse-Gateway-Token": z.string().optional().meta({
    description:
      "The gateway token (`gw_…`); JSON callers may send `Authorization: Bearer gw_…` instead.",
  }),
});

const limitsSchema = z.object({ limit: z.int(), remaining: z.int(), reset: z.int() });

const verifyBody = z
  .object({
    key: z.string().max(500).nullish().meta({ description: "The API key the client sent." }),
    api: z.string().min(1).max(200).optional().meta({ description: "API id or slug." }),
    path: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .meta({ description: "The request path (alternative to api)." }),
    method: z.string().min(1).max(20).default("GET"),
    client_ip: z
      .string()
      .max(100)
      .nullish()
      .meta({ description: "The caller's IP address, checked against the key's IP rules." }),
  })
  .meta({ id: "VerifyRequest", description: "Send `api` or `path`." });

const verifyAnswer = z
  .object({
    valid: z.boolean(),
    code: z.enum(DECISION_CODES),
    status: z.int().meta({ description: "The status the gateway should answer the client." }),
    keyId: z.string().nullable(),
    developerId: z.string().nullable(),
    apiId: z.string().nullable(),
    ratelimit: limitsSchema.nullable(),
    quota: z.object({ remaining: z.int() }).loose().nullable(),
    expiresAt: z.string().nullable(),
    retryAfter: z.int().nullable(),
  })
  .meta({ id: "VerifyDecision" });

const usageAnswer = z
  .object({
    batchId: z.string(),
    duplicate: z.boolean(),
    accepted: z.int(),
    rejected: z.array(
      z.object({
        index: z.int(),
        reason: z.enum(["unknown_key", "invalid_path", "unknown_api", "timestamp_out_of_range"]),
      }),
    ),
  })
  .meta({ id: "UsageIngestResult" });

const tag = "Gateway";
const security: Array<Record<string, string[]>> = [{ gatewayToken: [] }, { gatewayBearer: [] }];

export const gatewaySpec: SpecModule = {
  tag: {
    name: tag,
    description:
      "What gateways call on every API request (NGINX auth_request, other gateways' verify, usage batches). Gateway tokens, not management tokens.",
  },
  paths: {
    "/api/gateway/auth": {
      get: {
        operationId: "gatewayAuth",
        summary: "Authorize a call (NGINX auth_request)",
        description:
          "The status is the answer: 200 lets the call through with X-Gatehouse-Developer and X-Gatehouse-Key; refusals carry X-Gatehouse-Code and rate/quota headers. With `X-Gatehouse-Auth-Mode: nginx` every refusal is folded into 401/403 with the real status in X-Gatehouse-Status. Every method is accepted (NGINX keeps the client's).",
        tags: [tag],
        security: [{ gatewayToken: [] }],
        requestParams: {
          header: z.object({
            "X-Gatehouse-Gateway-Token": z
              .string()
              .meta({ description: "The gateway token (`gw_…`)." }),
            "X-Original-URI": z
              .string()
              .meta({ description: "The client's request URI ($request_uri)." }),
            "X-Original-Method": z.string().optional(),
            "X-Real-IP": z.string().optional().meta({
              description:
                "The client's address ($remote_addr), checked against the key's IP rules.",
            }),
            "X-Gatehouse-Auth-Mode": z.enum(["nginx"]).optional(),
            Authorization: z.string().optional().meta({
              description: "The client's key: `Bearer <key>` (or X-API-Key, or ?api_key=).",
            }),
          }),
        },
        responses: {
          "200": { description: "The key may make this call." },
          "400": gatewayError("X-Original-URI missing or refused (encoded slashes, dot segments)."),
          "401": gatewayError("No, malformed or unknown key; or an invalid gateway token."),
          "403": gatewayError(
            "Revoked, inactive, expired key; no access to this API, method or path.",
          ),
          "429": gatewayError("Rate limit or quota exceeded (Retry-After)."),
          "503": gatewayError("The gateway service is unavailable."),
        },
      },
    },
    "/api/gateway/verify": {
      post: {
        operationId: "gatewayVerify",
        summary: "Verify a key (JSON, for gateways that are not NGINX)",
        description: "Always 200 with the decision; counts the call like /auth.",
        tags: [tag],
        security,
        requestParams: { header: tokenHeader },
        requestBody: { required: true, content: { "application/json": { schema: verifyBody } } },
        responses: {
          "200": {
            description: "The decision.",
            content: { "application/json": { schema: verifyAnswer } },
          },
          "400": gatewayError("The body is not valid."),
          "401": gatewayError("Invalid gateway token."),
          "413": gatewayError("The body is over 64 KB."),
          "503": gatewayError("The gateway service is unavailable."),
        },
      },
    },
    "/api/gateway/usage": {
      post: {
        operationId: "gatewayUsage",
        summary: "Report usage (batches, idempotent per batchId)",
        tags: [tag],
        security,
        requestParams: { header: tokenHeader },
        requestBody: {
          required: true,
          content: { "application/json": { schema: usageBatchSchema } },
        },
        responses: {
          "200": {
            description: "Applied (or a duplicate batch, applied before).",
            content: { "application/json": { schema: usageAnswer } },
          },
          "400": gatewayError("The body is not valid."),
          "401": gatewayError("Invalid gateway token."),
          "413": gatewayError("The body is over 5 MB."),
          "503": gatewayError("The gateway service is unavailable."),
        },
      },
    },
    "/api/gateway/health": {
      get: {
        operationId: "gatewayHealth",
        summary: "Liveness",
        tags: [tag],
        security: [],
        responses: {
          "200": {
            description: "The service is up.",
            content: { "application/json": { schema: z.object({ ok: z.literal(true) }).loose() } },
          },
          "4XX": gatewayError("Never answered; listed for completeness."),
        },
      },
    },
  },
};
