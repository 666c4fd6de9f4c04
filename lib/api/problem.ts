import { z } from "zod";
import type { FailReason } from "@/lib/outcome";

/**
 * Management API errors as RFC 9457 problem details (`application/problem+json`):
 * `{ type, title, status, detail, code, errors? }`.
 *
 * `type` is a stable URI per code, `https://gatehouse.dev/problems/<code>`, the same on every
 * install: a client written against one install matches the same `type` (or `code`) on another,
 * and proxy.ts can build it without reading configuration. It identifies the problem; the codes
 * and their meaning are listed in docs/API.md and in the OpenAPI document (`Problem`).
 */
export const PROBLEM_TYPE_BASE = "https://gatehouse.dev/problems/";
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Closed list of error codes: status and the title every occurrence of the code carries. */
export const API_ERRORS = {
  invalid_request: { status: 400, title: "Invalid request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  idempotency_in_flight: { status: 409, title: "Request with this Idempotency-Key in progress" },
  payload_too_large: { status: 413, title: "Payload too large" },
  idempotency_key_reused: { status: 422, title: "Idempotency-Key reused with another request" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;
export const API_ERROR_CODES = Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]];

/**
 * One field error: `pointer` is a JSON Pointer into the request body (RFC 6901, as a URI
 * fragment: `#/email`), `parameter` names a query or path parameter.
 */
export type FieldError = { detail: string; pointer?: string; parameter?: string };

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ApiErrorCode;
  errors?: FieldError[];
};

export function problemType(code: ApiErrorCode): string {
  return `${PROBLEM_TYPE_BASE}${code}`;
}

export function problemBody(
  code: ApiErrorCode,
  detail: string,
  errors?: FieldError[],
): ProblemBody {
  const { status, title } = API_ERRORS[code];
  return {
    type: problemType(code),
    title,
    status,
    detail,
    code,
    ...(errors?.length ? { errors } : {}),
  };
}

export function problem(
  code: ApiErrorCode,
  detail: string,
  opts: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const body = problemBody(code, detail, opts.errors);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: {
      "content-type": PROBLEM_CONTENT_TYPE,
      "cache-control": "no-store",
      ...(code === "unauthorized" ? { "www-authenticate": 'Bearer realm="gatehouse"' } : {}),
      ...opts.headers,
    },
  });
}

export const UNAUTHORIZED_DETAIL = "Send a valid admin API token as Authorization: Bearer <token>.";

/** JSON Pointer escaping of one path segment (RFC 6901 §3). */
function pointerSegment(s: string | number): string {
  return String(s).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** zod issues as field errors: a body's as JSON Pointers, a query's or path's as parameter names. */
export function zodErrors(error: z.ZodError, where: "body" | "query" | "path"): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p.description) : p));
    if (where === "body")
      return { detail: issue.message, pointer: `#/${path.map(pointerSegment).join("/")}` };
    return { detail: issue.message, parameter: String(path[0] ?? "") };
  });
}

/** A domain function's field errors (form field names) as body pointers. */
export function fieldErrorsOf(fieldErrors: Record<string, string[]> | undefined): FieldError[] {
  if (!fieldErrors) return [];
  return Object.entries(fieldErrors).flatMap(([field, messages]) =>
    messages.map((detail) => ({ detail, pointer: `#/${pointerSegment(field)}` })),
  );
}

/** The API error code of each reason a domain function may refuse with (lib/outcome.ts). */
const REASON_CODES: Record<FailReason, ApiErrorCode> = {
  not_found: "not_found",
  conflict: "conflict",
  in_use: "conflict",
  invalid: "invalid_request",
  forbidden: "forbidden",
};

/** A refused Outcome as a problem document: the code from its reason, its message and field errors. */
export function outcomeProblem(outcome: {
  reason: FailReason;
  message: string;
  fieldErrors?: Record<string, string[]>;
}): Response {
  return problem(REASON_CODES[outcome.reason], outcome.message, {
    errors: fieldErrorsOf(outcome.fieldErrors),
  });
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : typeof err;
}

/** Wraps a handler so nothing but a problem document escapes (never a stack trace). */
export function withProblems<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      // Name and message only: a whole error object prints its properties and cause (a failed
      // query's bound values, a request's headers), and logs must never hold secrets.
      console.error(`management API error: ${describeError(err)}`);
      return problem("internal", "Something went wrong on our side.");
    }
  };
}
