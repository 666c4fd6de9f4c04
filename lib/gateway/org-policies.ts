import {
  type EffectiveLimits,
  effectiveLimits,
  type PolicyForLimits,
} from "@/lib/policies/effective";

/** Distinct policy sets whose limits are kept per organisation (a key's set is usually one of a few). */
const MAX_SETS = 10_000;

/**
 * One organisation's policies as the gateway caches them (R-GW-VERIFY, issue 14), loaded in one
 * query and trusted for the cache TTL like the organisation's APIs. A cold key then brings only
 * the ids of its policies, and the keys that carry the same set share one EffectiveLimits: no
 * policy rows per key in the lookup, no JSON to parse, no limits built per key.
 * The limits are shared: nothing may change them.
 */
export class OrgPolicies {
  private readonly sets = new Map<string, EffectiveLimits>();
  private readonly byId: Map<string, PolicyForLimits>;

  constructor(
    policies: PolicyForLimits[],
    /** When the load started (epoch ms): the policies are as of then, or later. */
    readonly loadedAt: number,
  ) {
    this.byId = new Map(policies.map((p) => [p.id, p]));
  }

  /** Whether every id is one of these policies. */
  hasAll(ids: string[]): boolean {
    return ids.every((id) => this.byId.has(id));
  }

  /**
   * The limits of a key carrying these policies (ids sorted, as the key lookup returns them). An id
   * that is not here — a policy deleted since the key was read — grants nothing, as the database's
   * cascade will have it.
   */
  limitsFor(ids: string[]): EffectiveLimits {
    const setKey = ids.join(",");
    let limits = this.sets.get(setKey);
    if (!limits) {
      const policies: PolicyForLimits[] = [];
      for (const id of ids) {
        const p = this.byId.get(id);
        if (p) policies.push(p);
      }
      limits = effectiveLimits(policies);
      if (this.sets.size >= MAX_SETS) this.sets.clear();
      this.sets.set(setKey, limits);
    }
    return limits;
  }
}
