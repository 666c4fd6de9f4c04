import { DrizzleQueryError } from "drizzle-orm";
import { PgPreparedQuery } from "drizzle-orm/pg-core";

/**
 * Failed queries without their bound values (R-SEC-SECRETS-VIEW). drizzle's DrizzleQueryError
 * puts every parameter in its message ("Failed query: … params: …") and keeps them on `params`;
 * PGlite adds `params` to the driver error it wraps. Whatever logs such an error (Next's own
 * handler for a failed action, a route's catch) would print password hashes, emails and token
 * hashes. Here the error keeps its class, SQL text and the database's code and constraint (the
 * query functions branch on those) and loses the values, before anything can log it.
 */

const WITHHELD = "(parameters withheld from logs)";
const DRIVER_VALUE_FIELDS = ["params", "parameters", "args", "queryOptions"] as const;

function hide(target: object, key: string): void {
  if (!Object.prototype.hasOwnProperty.call(target, key)) return;
  const value: unknown = Reflect.get(target, key);
  // Kept for code that reads it, out of what util.inspect and JSON.stringify print.
  Object.defineProperty(target, key, {
    value,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/** Strips bound values from a query error in place; returns it (anything else unchanged). */
export function withholdQueryParams(err: unknown): unknown {
  if (!(err instanceof DrizzleQueryError)) return err;
  const before = err.message;
  const message = `Failed query: ${err.query}\n${WITHHELD}`;
  err.message = message;
  if (typeof err.stack === "string") err.stack = err.stack.replace(before, message);
  Object.defineProperty(err, "params", {
    value: [],
    enumerable: false,
    configurable: true,
    writable: true,
  });
  const cause: unknown = err.cause;
  if (cause && typeof cause === "object") {
    for (const key of DRIVER_VALUE_FIELDS)
      if (Object.prototype.hasOwnProperty.call(cause, key)) Reflect.deleteProperty(cause, key);
    // "Key (email)=(someone@example.com) already exists.": values again.
    hide(cause, "detail");
  }
  return err;
}

const PATCHED = Symbol.for("gatehouse.queryErrorsWithheld");
type Patchable = {
  queryWithCache: (...args: unknown[]) => Promise<unknown>;
  [PATCHED]?: true;
};

/**
 * Every query of both drivers (postgres.js, PGlite) runs through PgPreparedQuery.queryWithCache,
 * which is where drizzle builds DrizzleQueryError: wrap it once per loaded copy of drizzle.
 */
export function installQueryErrorScrubbing(): void {
  const proto = PgPreparedQuery.prototype as unknown as Patchable;
  if (proto[PATCHED]) return;
  const original = proto.queryWithCache;
  proto.queryWithCache = async function (this: unknown, ...args: unknown[]) {
    try {
      return await original.apply(this, args);
    } catch (err) {
      throw withholdQueryParams(err);
    }
  };
  proto[PATCHED] = true;
}
