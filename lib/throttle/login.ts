import { getThrottle, type Throttle } from "./limiter";

export type LoginWho = {
  /** "admin:<email>" or "developer:<portal>:<email>"; null when the attempt names no account. */
  account: string | null;
  address: string;
};

export type GuardedLogin<T> =
  | { status: "ok"; value: T }
  | { status: "invalid" }
  | { status: "throttled"; retryAfterMs: number };

/** The account key of a login attempt: lower-cased email, scoped to admin or one portal. */
export function loginAccount(kind: "admin" | "developer", email: string, org?: string): string {
  const e = email.trim().toLowerCase();
  return kind === "admin" ? `admin:${e}` : `developer:${org ?? ""}:${e}`;
}

/**
 * R-SEC-THROTTLE for logins: counts the attempt per client address and per account BEFORE
 * `attempt` runs (so a refused attempt costs no password hash, and parallel attempts cannot all
 * slip through), then runs it. A success clears the account's record. Unknown and known emails
 * are counted alike. Errors of `attempt` (a database outage) propagate: they are not "invalid".
 */
export async function guardLogin<T>(
  who: LoginWho,
  attempt: () => Promise<T | null>,
  throttle: Throttle = getThrottle(),
): Promise<GuardedLogin<T>> {
  const byAddress = await throttle.take("loginAddress", who.address);
  if (!byAddress.allowed) return { status: "throttled", retryAfterMs: byAddress.retryAfterMs };
  if (who.account) {
    const byAccount = await throttle.take("loginAccount", who.account);
    if (!byAccount.allowed) return { status: "throttled", retryAfterMs: byAccount.retryAfterMs };
  }
  const value = await attempt();
  if (value === null) return { status: "invalid" };
  if (who.account) await throttle.clear("loginAccount", who.account);
  return { status: "ok", value };
}
