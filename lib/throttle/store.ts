import { type Decision, penaltyStep, type ThrottleRecord, windowStep } from "./math";
import type { Rule } from "./rules";

/** Where attempt counters live: this process (default) or Redis (shared by every instance). */
export interface ThrottleStore {
  /** Counts one attempt under `rule` if it is allowed now; atomic per key. */
  take(key: string, rule: Rule, now: number): Promise<Decision>;
  /** Forgets the key (a successful login). */
  clear(key: string): Promise<void>;
}

/** Bounded: past this many keys, expired ones are swept and then the oldest dropped. */
const MAX_KEYS = 100_000;

export class MemoryThrottleStore implements ThrottleStore {
  private readonly records = new Map<string, ThrottleRecord & { expiresAt: number }>();

  async take(key: string, rule: Rule, now: number): Promise<Decision> {
    const stored = this.records.get(key);
    const rec = stored && stored.expiresAt > now ? stored : null;
    const step = rule.kind === "window" ? windowStep(rec, now, rule) : penaltyStep(rec, now, rule);
    this.records.delete(key);
    this.records.set(key, { ...step.record, expiresAt: now + step.ttlMs });
    if (this.records.size > MAX_KEYS) this.sweep(now);
    return step.decision;
  }

  async clear(key: string): Promise<void> {
    this.records.delete(key);
  }

  private sweep(now: number) {
    for (const [k, r] of this.records) if (r.expiresAt <= now) this.records.delete(k);
    // Still full (a flood of distinct keys): drop the least recently used.
    for (const k of this.records.keys()) {
      if (this.records.size <= MAX_KEYS) break;
      this.records.delete(k);
    }
  }
}
