import type { FailReason } from "@/lib/outcome";

/** Closed list of management API error codes (JSON `{ error: { code, message } }`). */
export const API_ERRORS = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_request: 400,
  payload_too_large: 413,
  internal: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export function problem(
  code: ApiErrorCode,
  message: string,
  details?: Record<string, unknown>,
): Response {
  return Response.json(
    { error: { code, message, ...(details ? { details } : {}) } },
    {
      status: API_ERRORS[code],
      headers: {
        "content-type": "application/problem+json",
        ...(code === "unauthorized" ? { "www-authenticate": 'Bearer realm="gatehouse"' } : {}),
      },
    },
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
  return problem(
    REASON_CODES[outcome.reason],
    outcome.message,
    outcome.fieldErrors ? { fields: outcome.fieldErrors } : undefined,
  );
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
