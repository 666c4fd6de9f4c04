import { AuthError } from "next-auth";

/**
 * next-auth's logger (R-SEC-SECRETS-VIEW). Its default prints every failed login as an error
 * with a stack, and the cause's details as JSON; a failed login is an expected event (the audit
 * log has its row), and logs must never hold credentials. So: one line, the error's type, and
 * for unexpected failures the cause's class and code; never a stack, message details or input.
 */

type CauseInfo = { name: string; code: string | null };

function causeOf(error: Error): CauseInfo | null {
  const cause: unknown = error.cause;
  const err =
    cause && typeof cause === "object" && "err" in cause && cause.err instanceof Error
      ? cause.err
      : cause instanceof Error
        ? cause
        : null;
  if (!err) return null;
  const code = "code" in err && typeof err.code === "string" ? err.code : null;
  return { name: err.name, code };
}

function errorType(error: Error): string {
  return error instanceof AuthError ? error.type : error.name;
}

export const authLogger = {
  error(error: Error) {
    const type = errorType(error);
    if (type === "CredentialsSignin") {
      console.warn("[auth] login refused (CredentialsSignin)");
      return;
    }
    const cause = causeOf(error);
    const detail = cause ? ` caused by ${cause.name}${cause.code ? ` (${cause.code})` : ""}` : "";
    console.error(`[auth][error] ${type}${detail}`);
  },
  warn(code: string) {
    console.warn(`[auth][warn] ${code}`);
  },
  // Debug output carries tokens and profiles: never.
  debug() {},
};
