import type { Env } from "@/lib/env";

export type SubjectType = "admin" | "developer";

/** How long a session may live: without activity (idle) and at all (absolute), in ms. */
export type SessionLimits = { idleMs: number; absoluteMs: number };

type LimitEnv = Pick<
  Env,
  | "SESSION_IDLE_MINUTES_ADMIN"
  | "SESSION_ABSOLUTE_HOURS_ADMIN"
  | "SESSION_IDLE_MINUTES_DEVELOPER"
  | "SESSION_ABSOLUTE_HOURS_DEVELOPER"
  | "SESSION_IDLE_SECONDS_ADMIN"
  | "SESSION_IDLE_SECONDS_DEVELOPER"
>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The configured limits of one kind of account (the *_SECONDS idle override wins when set). */
export function sessionLimits(e: LimitEnv, subjectType: SubjectType): SessionLimits {
  if (subjectType === "admin")
    return {
      idleMs: e.SESSION_IDLE_SECONDS_ADMIN
        ? e.SESSION_IDLE_SECONDS_ADMIN * 1000
        : e.SESSION_IDLE_MINUTES_ADMIN * MINUTE,
      absoluteMs: e.SESSION_ABSOLUTE_HOURS_ADMIN * HOUR,
    };
  return {
    idleMs: e.SESSION_IDLE_SECONDS_DEVELOPER
      ? e.SESSION_IDLE_SECONDS_DEVELOPER * 1000
      : e.SESSION_IDLE_MINUTES_DEVELOPER * MINUTE,
    absoluteMs: e.SESSION_ABSOLUTE_HOURS_DEVELOPER * HOUR,
  };
}

/** The longest any session may live: the JWT and cookie lifetime (each token is capped lower). */
export function longestSessionSeconds(e: LimitEnv): number {
  const ms = Math.max(
    sessionLimits(e, "admin").absoluteMs,
    sessionLimits(e, "developer").absoluteMs,
  );
  return Math.floor(ms / 1000);
}

export type Verdict = "active" | "expired" | "idle";

/** Whether a session row still counts at `now`: the row decides, never the cookie. */
export function sessionVerdict(
  row: { lastSeenAt: Date; expiresAt: Date },
  limits: SessionLimits,
  now: Date,
): Verdict {
  if (now.getTime() >= row.expiresAt.getTime()) return "expired";
  if (now.getTime() - row.lastSeenAt.getTime() >= limits.idleMs) return "idle";
  return "active";
}

/**
 * lastSeenAt is written at most once a minute (one UPDATE per request would be most of a page's
 * database work); with a very short idle timeout (tests) at least four times per timeout.
 */
export function shouldTouch(lastSeenAt: Date, limits: SessionLimits, now: Date): boolean {
  const every = Math.min(MINUTE, limits.idleMs / 4);
  return now.getTime() - lastSeenAt.getTime() >= every;
}
