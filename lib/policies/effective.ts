/**
 * Effective limits of a key that carries several policies — the one function the admin
 * console, the portal and the gateway all use, so they can never disagree.
 *
 * Per API the key can reach:
 * - access: the union of the policies granting it (methods and path prefixes; an empty
 *   list in any granting policy means "all");
 * - rate: the most generous (highest requests per second) among those policies;
 * - quota: that of the policy with the largest max (-1 = unlimited beats any number; on a tie
 *   the shorter renewal, which is the more generous). The quota counter belongs to that policy,
 *   so the APIs it grants share it, as in Tyk.
 * Expiry: the latest (a policy whose keys never expire wins). Inactive policies grant nothing.
 */

export type PolicyForLimits = {
  id: string;
  name: string;
  rate: number;
  per: number;
  quotaMax: number;
  quotaRenewalSeconds: number;
  keyExpiresInSeconds: number | null;
  isInactive: boolean;
  access: Array<{ apiId: string; allowedMethods: string[]; allowedPaths: string[] }>;
};

export type ApiLimits = {
  apiId: string;
  rate: { limit: number; perSeconds: number; policyId: string };
  /** null = unlimited. */
  quota: { max: number; renewalSeconds: number; policyId: string; scope: string } | null;
  /** null = every method / every path. */
  methods: string[] | null;
  paths: string[] | null;
  policyIds: string[];
};

export type EffectiveLimits = {
  apis: Map<string, ApiLimits>;
  /** null = keys never expire; only meaningful when at least one policy is active. */
  keyExpiresInSeconds: number | null;
  activePolicyIds: string[];
};

function moreGenerousRate(a: PolicyForLimits, b: PolicyForLimits): boolean {
  const ra = a.rate / a.per;
  const rb = b.rate / b.per;
  return ra > rb || (ra === rb && a.rate > b.rate);
}

function moreGenerousQuota(a: PolicyForLimits, b: PolicyForLimits): boolean {
  if (a.quotaMax === b.quotaMax) return a.quotaRenewalSeconds < b.quotaRenewalSeconds;
  if (a.quotaMax < 0) return true;
  if (b.quotaMax < 0) return false;
  return a.quotaMax > b.quotaMax;
}

function union(
  current: string[] | null,
  next: string[],
  normalise: (s: string) => string,
): string[] | null {
  if (current === null || next.length === 0) return null;
  return [...new Set([...current, ...next.map(normalise)])].sort();
}

export function effectiveLimits(policies: PolicyForLimits[]): EffectiveLimits {
  const active = policies.filter((p) => !p.isInactive);
  const winners = new Map<
    string,
    { rate: PolicyForLimits; quota: PolicyForLimits; limits: ApiLimits }
  >();

  for (const p of active) {
    for (const a of p.access) {
      const seen = winners.get(a.apiId);
      if (!seen) {
        winners.set(a.apiId, {
          rate: p,
          quota: p,
          limits: {
            apiId: a.apiId,
            rate: { limit: p.rate, perSeconds: p.per, policyId: p.id },
            quota: null,
            methods: a.allowedMethods.length
              ? [...new Set(a.allowedMethods.map((m) => m.toUpperCase()))].sort()
              : null,
            paths: a.allowedPaths.length ? [...new Set(a.allowedPaths)].sort() : null,
            policyIds: [p.id],
          },
        });
        continue;
      }
      if (moreGenerousRate(p, seen.rate)) seen.rate = p;
      if (moreGenerousQuota(p, seen.quota)) seen.quota = p;
      seen.limits.methods = union(seen.limits.methods, a.allowedMethods, (m) => m.toUpperCase());
      seen.limits.paths = union(seen.limits.paths, a.allowedPaths, (s) => s);
      seen.limits.policyIds.push(p.id);
    }
  }

  const apis = new Map<string, ApiLimits>();
  for (const [apiId, w] of winners) {
    apis.set(apiId, {
      ...w.limits,
      rate: { limit: w.rate.rate, perSeconds: w.rate.per, policyId: w.rate.id },
      quota:
        w.quota.quotaMax < 0
          ? null
          : {
              max: w.quota.quotaMax,
              renewalSeconds: w.quota.quotaRenewalSeconds,
              policyId: w.quota.id,
              scope: w.quota.id,
            },
    });
  }

  let keyExpiresInSeconds: number | null = 0;
  for (const p of active) {
    const e = p.keyExpiresInSeconds && p.keyExpiresInSeconds > 0 ? p.keyExpiresInSeconds : null;
    if (e === null || keyExpiresInSeconds === null) keyExpiresInSeconds = null;
    else keyExpiresInSeconds = Math.max(keyExpiresInSeconds, e);
  }
  if (active.length === 0) keyExpiresInSeconds = null;

  return { apis, keyExpiresInSeconds, activePolicyIds: active.map((p) => p.id) };
}

export type AccessDecision =
  | { allowed: true; limits: ApiLimits }
  | { allowed: false; reason: "no_access" | "method" | "path" };

/** May this key call `method path` on the API? Path prefixes are matched on segment starts. */
export function checkAccess(
  limits: EffectiveLimits,
  apiId: string,
  method: string,
  path: string,
): AccessDecision {
  const api = limits.apis.get(apiId);
  if (!api) return { allowed: false, reason: "no_access" };
  if (api.methods && !api.methods.includes(method.toUpperCase()))
    return { allowed: false, reason: "method" };
  if (
    api.paths &&
    !api.paths.some(
      (prefix) => path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`),
    )
  )
    return { allowed: false, reason: "path" };
  return { allowed: true, limits: api };
}
