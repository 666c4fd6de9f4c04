import type { PenaltyRule, WindowRule } from "./rules";

/** What a store keeps per key: an attempt count and a time (window start, or last attempt). */
export type ThrottleRecord = { count: number; at: number };
export type Decision = { allowed: boolean; retryAfterMs: number };
type Step = { decision: Decision; record: ThrottleRecord; ttlMs: number };

const ok: Decision = { allowed: true, retryAfterMs: 0 };

// Pure rules shared by the memory store and (as Lua) the Redis store: same answers on both.

export function windowStep(rec: ThrottleRecord | null, now: number, rule: WindowRule): Step {
  const live = rec && now < rec.at + rule.windowMs ? rec : null;
  if (!live) {
    return { decision: ok, record: { count: 1, at: now }, ttlMs: rule.windowMs };
  }
  if (live.count >= rule.limit) {
    const retryAfterMs = live.at + rule.windowMs - now;
    return { decision: { allowed: false, retryAfterMs }, record: live, ttlMs: retryAfterMs };
  }
  return {
    decision: ok,
    record: { count: live.count + 1, at: live.at },
    ttlMs: live.at + rule.windowMs - now,
  };
}

/** The wait after the `count`-th attempt (0 while attempts are free). */
export function penaltyDelay(count: number, rule: PenaltyRule): number {
  if (count < rule.free) return 0;
  return Math.min(rule.baseDelayMs * 2 ** (count - rule.free), rule.maxDelayMs);
}

export function penaltyStep(rec: ThrottleRecord | null, now: number, rule: PenaltyRule): Step {
  let count = 0;
  if (rec && rec.count > 0) {
    const wait = penaltyDelay(rec.count, rule);
    if (now < rec.at + wait) {
      const retryAfterMs = rec.at + wait - now;
      return {
        decision: { allowed: false, retryAfterMs },
        record: rec,
        ttlMs: retryAfterMs + rule.forgetMs,
      };
    }
    if (now < rec.at + wait + rule.forgetMs) count = rec.count;
  }
  const next = { count: count + 1, at: now };
  return { decision: ok, record: next, ttlMs: penaltyDelay(next.count, rule) + rule.forgetMs };
}
