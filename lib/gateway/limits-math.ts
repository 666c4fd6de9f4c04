/**
 * Pure counter math shared by the in-process store and (translated) by the Redis Lua script,
 * so both enforce exactly the same limits. Times are epoch milliseconds.
 */

/**
 * Sliding-window rate limit (the approximation Cloudflare and Unkey use): the count of the
 * previous fixed window, weighted by how much of it still overlaps the sliding window, plus
 * the count of the current one. Two integers per key, no per-request log.
 */
export type WindowCounts = { windowStart: number; current: number; previous: number };

export function windowStartOf(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** Moves stored counts to the window containing `now`. */
export function rollWindow(
  counts: WindowCounts | undefined,
  now: number,
  windowMs: number,
): WindowCounts {
  const start = windowStartOf(now, windowMs);
  if (!counts) return { windowStart: start, current: 0, previous: 0 };
  if (counts.windowStart === start) return counts;
  if (counts.windowStart === start - windowMs)
    return { windowStart: start, current: 0, previous: counts.current };
  return { windowStart: start, current: 0, previous: 0 };
}

export function slidingEstimate(c: WindowCounts, now: number, windowMs: number): number {
  const elapsed = now - c.windowStart;
  return (c.previous * (windowMs - elapsed)) / windowMs + c.current;
}

/**
 * Milliseconds from `now` until one more request would be allowed, assuming no other request
 * arrives: either later in this window (the previous window's weight fades) or in the next one.
 */
export function msUntilAllowed(
  c: WindowCounts,
  now: number,
  windowMs: number,
  limit: number,
): number {
  if (slidingEstimate(c, now, windowMs) < limit) return 0;
  let at: number;
  if (c.current < limit && c.previous > 0) {
    // previous * (1 - f) + current < limit  ⇔  f > 1 - (limit - current) / previous
    at = c.windowStart + windowMs * (1 - (limit - c.current) / c.previous);
  } else {
    // Next window: the current count becomes the previous one.
    at = c.windowStart + windowMs + windowMs * Math.max(0, 1 - limit / Math.max(c.current, 1));
  }
  return Math.max(1, Math.floor(at - now) + 1);
}

export type RateOutcome = {
  allowed: boolean;
  counts: WindowCounts;
  remaining: number;
  reset: number;
  retryAfterMs: number;
};

/** Decides one request and returns the counts to store (incremented when allowed). */
export function rateDecide(
  stored: WindowCounts | undefined,
  now: number,
  windowMs: number,
  limit: number,
): RateOutcome {
  const counts = rollWindow(stored, now, windowMs);
  const reset = counts.windowStart + windowMs;
  if (slidingEstimate(counts, now, windowMs) >= limit) {
    return {
      allowed: false,
      counts,
      remaining: 0,
      reset,
      retryAfterMs: msUntilAllowed(counts, now, windowMs, limit),
    };
  }
  const next = { ...counts, current: counts.current + 1 };
  const remaining = Math.max(0, Math.floor(limit - slidingEstimate(next, now, windowMs)));
  return { allowed: true, counts: next, remaining, reset, retryAfterMs: 0 };
}

/**
 * Quota periods are a fixed grid anchored at the first use: a quota renews at `renewsAt`,
 * then every `renewalMs` after it. Every instance that reads the same stored `renewsAt`
 * computes the same period, which lets write-behind deltas from several instances add up.
 */
export type QuotaCounter = { used: number; renewsAt: number };

export function rollQuota(
  c: QuotaCounter | undefined,
  now: number,
  renewalMs: number,
): QuotaCounter {
  if (!c) return { used: 0, renewsAt: now + renewalMs };
  if (now < c.renewsAt) return c;
  const periods = Math.floor((now - c.renewsAt) / renewalMs) + 1;
  return { used: 0, renewsAt: c.renewsAt + periods * renewalMs };
}
