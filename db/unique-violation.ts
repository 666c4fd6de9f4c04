/**
 * Which unique constraint a failed insert or update hit, or null when the error is not a unique
 * violation. postgres.js names it `constraint_name`, PGlite `constraint`, and drizzle wraps the
 * driver's error in `cause`: every query module asks this one function.
 */
export function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 3; depth++) {
    const x = e as {
      code?: string;
      constraint_name?: string;
      constraint?: string;
      cause?: unknown;
    };
    if (x.code === "23505") return x.constraint_name ?? x.constraint ?? "";
    e = x.cause;
  }
  return null;
}
