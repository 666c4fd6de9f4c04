import { formatPeriod } from "./format";
import { effectiveLimits, type PolicyForLimits } from "./effective";

export type EffectiveLimitRow = { api: string; rate: string; quota: string; access: string };

/** Human-readable effective limits per API of a key with these policies (console and portal). */
export function describeEffectiveLimits(
  policies: PolicyForLimits[],
  apiNames: Map<string, string>,
): EffectiveLimitRow[] {
  const limits = effectiveLimits(policies);
  return [...limits.apis.values()]
    .map((l) => ({
      api: apiNames.get(l.apiId) ?? l.apiId,
      rate: `${l.rate.limit.toLocaleString("en-GB")} requests / ${l.rate.perSeconds} s`,
      quota: l.quota
        ? `${l.quota.max.toLocaleString("en-GB")} per ${formatPeriod(l.quota.renewalSeconds)}`
        : "Unlimited",
      access: [
        l.methods ? l.methods.join(", ") : "All methods",
        l.paths ? l.paths.join(", ") : "all paths",
      ].join(" · "),
    }))
    .sort((a, b) => a.api.localeCompare(b.api));
}
