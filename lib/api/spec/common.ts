import { z } from "zod";
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiPathsObject,
  ZodOpenApiResponseObject,
} from "zod-openapi";
import { API_ERROR_CODES, type ApiErrorCode, API_ERRORS, PROBLEM_CONTENT_TYPE } from "../problem";

/**
 * Building blocks of the OpenAPI document (lib/api/spec/index.ts). A resource module
 * (lib/api/spec/<resource>.ts) holds the zod schemas its routes validate with and answer, and
 * exports a `SpecModule` whose paths are built with `operation()`; the module is added to the
 * list in index.ts. The route handlers import the same schemas: the document cannot describe
 * another input than the one the route parses.
 */
export type SpecModule = {
  tag: { name: string; description: string };
  paths: ZodOpenApiPathsObject;
};

export const fieldErrorSchema = z
  .object({
    detail: z.string().meta({ description: "What is wrong with this field." }),
    pointer: z.string().optional().meta({
      description: "JSON Pointer (RFC 6901, as a URI fragment) into the body: `#/email`.",
    }),
    parameter: z.string().optional().meta({ description: "A query or path parameter's name." }),
  })
  .meta({ id: "FieldError" });

export const problemSchema = z
  .object({
    type: z.url().meta({
      description: "Identifies the problem: `https://gatehouse.dev/problems/<code>`.",
      example: "https://gatehouse.dev/problems/not_found",
    }),
    title: z
      .string()
      .meta({ description: "Short summary of the problem type (same for each code)." }),
    status: z.int().meta({ description: "The HTTP status code.", example: 404 }),
    detail: z.string().meta({ description: "What went wrong with this request, for a person." }),
    code: z.enum(API_ERROR_CODES).meta({ description: "Machine-readable code (closed list)." }),
    errors: z
      .array(fieldErrorSchema)
      .optional()
      .meta({ description: "Field errors of the body, query or path." }),
  })
  .meta({
    id: "Problem",
    description: "RFC 9457 problem details, served as `application/problem+json`.",
  });

const rateLimitHeaders = z.object({
  "RateLimit-Limit": z.string().meta({ description: "Requests allowed per window." }),
  "RateLimit-Remaining": z.string().meta({ description: "Requests left in this window." }),
  "RateLimit-Reset": z.string().meta({ description: "Seconds until the window resets." }),
  "RateLimit-Policy": z.string().meta({ description: "`<limit>;w=<window seconds>`." }),
});

const DESCRIPTIONS: Record<ApiErrorCode, string> = {
  invalid_request: "The query, path or body is invalid; `errors` names the fields.",
  unauthorized: "No valid admin API token in `Authorization: Bearer`.",
  forbidden: "The token may not do this.",
  not_found: "No such record in this organisation.",
  conflict: "The record's state does not allow this (already decided, email taken, in use).",
  idempotency_in_flight: "A request with this Idempotency-Key is still running.",
  payload_too_large: "The body is larger than 64 KB.",
  idempotency_key_reused: "This Idempotency-Key was used for a different request.",
  rate_limited: "Too many requests for this token; retry after `Retry-After` seconds.",
  internal: "Something failed on the server.",
};

export function problemResponse(codes: ApiErrorCode[]): ZodOpenApiResponseObject {
  return {
    description: codes.map((c) => `\`${c}\`: ${DESCRIPTIONS[c]}`).join(" "),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
    ...(codes.includes("rate_limited")
      ? {
          headers: rateLimitHeaders.extend({
            "Retry-After": z.string().meta({ description: "Seconds to wait." }),
          }),
        }
      : {}),
  };
}

export const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().min(1).max(255).optional().meta({
    description:
      "Makes a retry safe: the same key with the same request replays the first answer (24 h); with another request it is a 422.",
    example: "5f2b0c1e-8d9a-4b8e-9a53-3c1f0a7e2d11",
  }),
});

type OperationInput = {
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  method: "get" | "post" | "patch" | "put" | "delete";
  path?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** 2xx status and schema of the answer (null: no body). */
  ok: { status?: 200 | 201 | 204; description: string; schema: z.ZodType | null };
  /** Problem codes this operation answers besides unauthorized, rate_limited and internal. */
  errors?: ApiErrorCode[];
};

/** One management API operation with the answers every route shares (401, 429, 400 on input). */
export function operation(o: OperationInput): ZodOpenApiOperationObject {
  const status = o.ok.status ?? 200;
  const codes = new Set<ApiErrorCode>(o.errors ?? []);
  if (o.query || o.body) codes.add("invalid_request");
  if (o.body) codes.add("payload_too_large");
  if (o.path) codes.add("not_found");
  if (o.method === "post") {
    codes.add("invalid_request");
    codes.add("idempotency_in_flight");
    codes.add("idempotency_key_reused");
  }
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const c of [...codes, "unauthorized", "rate_limited", "internal"] as ApiErrorCode[]) {
    const s = API_ERRORS[c].status;
    byStatus.set(s, [...(byStatus.get(s) ?? []), c]);
  }
  const responses: ZodOpenApiOperationObject["responses"] = {
    [String(status)]: {
      description: o.ok.description,
      headers: rateLimitHeaders,
      ...(o.ok.schema ? { content: { "application/json": { schema: o.ok.schema } } } : {}),
    },
  };
  for (const [s, list] of [...byStatus].sort((a, b) => a[0] - b[0]))
    responses[String(s) as `4${string}`] = problemResponse(list);
  return {
    operationId: o.operationId,
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    tags: [o.tag],
    security: [{ managementToken: [] }],
    requestParams: {
      ...(o.path ? { path: o.path } : {}),
      ...(o.query ? { query: o.query } : {}),
      ...(o.method === "post" ? { header: idempotencyHeader } : {}),
    },
    ...(o.body
      ? { requestBody: { required: false, content: { "application/json": { schema: o.body } } } }
      : {}),
    responses,
  };
}

/** Timestamps in answers: ISO 8601 in UTC. */
export const isoDate = z.iso.datetime().meta({ example: "2026-11-26T08:30:00.000Z" });
