/** Closed list of management API error codes (JSON `{ error: { code, message } }`). */
export const API_ERRORS = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_request: 400,
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

/** Wraps a handler so nothing but a problem document escapes (never a stack trace). */
export function withProblems<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      console.error("management API error", err);
      return problem("internal", "Something went wrong on our side.");
    }
  };
}
