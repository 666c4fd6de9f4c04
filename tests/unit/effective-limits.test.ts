import { describe, expect, it } from "vitest";
import { checkAccess, effectiveLimits, type PolicyForLimits } from "@/lib/policies/effective";

let n = 0;
function policy(
  p: Partial<PolicyForLimits> & { access: PolicyForLimits["access"] },
): PolicyForLimits {
  n++;
  return {
    id: `pol_${n}`,
    name: `P${n}`,
    rate: 10,
    per: 60,
    quotaMax: -1,
    quotaRenewalSeconds: 3600,
    keyExpiresInSeconds: null,
    isInactive: false,
    ...p,
  };
}
const all = (apiId: string) => ({ apiId, allowedMethods: [], allowedPaths: [] });

describe("R-KEY-POLICY-CHANGE: effective limits of a key with several policies (lib/policies/effective.ts)", () => {
  it("R-DEV-KEYS: one policy: its APIs, rate and quota (scope = the policy id)", () => {
    const p = policy({
      rate: 10,
      per: 60,
      quotaMax: 1000,
      quotaRenewalSeconds: 86400,
      access: [{ apiId: "weather", allowedMethods: ["get"], allowedPaths: [] }],
    });
    const e = effectiveLimits([p]);
    const w = e.apis.get("weather");
    expect(w).toEqual({
      apiId: "weather",
      rate: { limit: 10, perSeconds: 60, policyId: p.id },
      quota: { max: 1000, renewalSeconds: 86400, policyId: p.id, scope: p.id },
      methods: ["GET"],
      paths: null,
      policyIds: [p.id],
    });
    expect(e.apis.has("geo")).toBe(false);
    expect(e.activePolicyIds).toEqual([p.id]);
  });

  it("R-KEY-POLICY-CHANGE: access is the union; an empty method or path list in any policy means all", () => {
    const a = policy({ access: [{ apiId: "x", allowedMethods: ["GET"], allowedPaths: ["/x/a"] }] });
    const b = policy({
      access: [{ apiId: "x", allowedMethods: ["post", "GET"], allowedPaths: ["/x/b"] }],
    });
    const c = policy({ access: [{ apiId: "x", allowedMethods: [], allowedPaths: ["/x/c"] }] });
    expect(effectiveLimits([a, b]).apis.get("x")).toMatchObject({
      methods: ["GET", "POST"],
      paths: ["/x/a", "/x/b"],
    });
    expect(effectiveLimits([a, b, c]).apis.get("x")).toMatchObject({
      methods: null,
      paths: ["/x/a", "/x/b", "/x/c"],
    });
    expect(effectiveLimits([c, a]).apis.get("x")).toMatchObject({ methods: null });
  });

  it("R-KEY-POLICY-CHANGE: the most generous rate by requests per second wins, per API", () => {
    const slow = policy({ rate: 100, per: 60, access: [all("x"), all("y")] });
    const fast = policy({ rate: 5, per: 1, access: [all("x")] });
    const e = effectiveLimits([slow, fast]);
    expect(e.apis.get("x")?.rate).toEqual({ limit: 5, perSeconds: 1, policyId: fast.id });
    expect(e.apis.get("y")?.rate).toEqual({ limit: 100, perSeconds: 60, policyId: slow.id });
    // Same rate per second: the larger burst.
    const burst = policy({ rate: 600, per: 60, access: [all("x")] });
    expect(
      effectiveLimits([policy({ rate: 10, per: 1, access: [all("x")] }), burst]).apis.get("x")?.rate
        .policyId,
    ).toBe(burst.id);
  });

  it("R-KEY-POLICY-CHANGE: the largest quota wins; unlimited beats any number; a tie takes the shorter renewal", () => {
    const small = policy({ quotaMax: 100, quotaRenewalSeconds: 60, access: [all("x")] });
    const big = policy({ quotaMax: 1000, quotaRenewalSeconds: 86400, access: [all("x")] });
    const unlimited = policy({ quotaMax: -1, access: [all("x")] });
    expect(effectiveLimits([small, big]).apis.get("x")?.quota?.policyId).toBe(big.id);
    expect(effectiveLimits([big, unlimited]).apis.get("x")?.quota).toBeNull();
    expect(effectiveLimits([unlimited, big]).apis.get("x")?.quota).toBeNull();
    const sameShort = policy({ quotaMax: 1000, quotaRenewalSeconds: 3600, access: [all("x")] });
    expect(effectiveLimits([big, sameShort]).apis.get("x")?.quota?.scope).toBe(sameShort.id);
  });

  it("R-KEY-POLICY-CHANGE: inactive policies grant nothing", () => {
    const off = policy({ isInactive: true, access: [all("x")] });
    const on = policy({ access: [all("y")] });
    const e = effectiveLimits([off, on]);
    expect([...e.apis.keys()]).toEqual(["y"]);
    expect(e.activePolicyIds).toEqual([on.id]);
    expect(effectiveLimits([off]).apis.size).toBe(0);
  });

  it("R-GW-VERIFY: key expiry is the latest; a policy whose keys never expire wins; no active policy → null", () => {
    const d30 = policy({ keyExpiresInSeconds: 30 * 86400, access: [all("x")] });
    const d365 = policy({ keyExpiresInSeconds: 365 * 86400, access: [all("x")] });
    const never = policy({ keyExpiresInSeconds: null, access: [all("x")] });
    const zero = policy({ keyExpiresInSeconds: 0, access: [all("x")] });
    expect(effectiveLimits([d30, d365]).keyExpiresInSeconds).toBe(365 * 86400);
    expect(effectiveLimits([d30, never]).keyExpiresInSeconds).toBeNull();
    expect(effectiveLimits([zero, d30]).keyExpiresInSeconds).toBeNull();
    expect(effectiveLimits([]).keyExpiresInSeconds).toBeNull();
  });

  it("R-GW-VERIFY: checkAccess: API, method (case-insensitive) and path prefixes on segment boundaries", () => {
    const p = policy({
      access: [{ apiId: "x", allowedMethods: ["GET"], allowedPaths: ["/x/a", "/x/dir/"] }],
    });
    const e = effectiveLimits([p]);
    expect(checkAccess(e, "y", "GET", "/y")).toEqual({ allowed: false, reason: "no_access" });
    expect(checkAccess(e, "x", "post", "/x/a")).toEqual({ allowed: false, reason: "method" });
    expect(checkAccess(e, "x", "get", "/x/a").allowed).toBe(true);
    expect(checkAccess(e, "x", "GET", "/x/a/b").allowed).toBe(true);
    expect(checkAccess(e, "x", "GET", "/x/dir/file").allowed).toBe(true);
    expect(checkAccess(e, "x", "GET", "/x/ab")).toEqual({ allowed: false, reason: "path" });
    expect(checkAccess(e, "x", "GET", "/x/b")).toEqual({ allowed: false, reason: "path" });
  });
});
