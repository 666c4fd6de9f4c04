import { describe, expect, it } from "vitest";
import { apiNames, loadPoliciesForLimits } from "@/db/queries/policy-limits";
import { describeEffectiveLimits } from "@/lib/policies/describe";
import type { PolicyForLimits } from "@/lib/policies/effective";
import { describeEachDb, makeOrg } from "../helpers/db";
import { makeApi, makePolicy } from "../helpers/dev-fixtures";

// lib/policies/effective.ts itself is covered by tests/unit/effective-limits.test.ts; these tests
// cover loading policies for it (db/queries/policy-limits.ts) and the wording the keys panel shows.

describeEachDb(
  "Keys: effective limits shown in the keys panel (db/queries/policy-limits.ts)",
  (getDb) => {
    it("R-DEV-KEYS: a key with Free + Pro shows, per API, the most generous rate, the largest quota and the union of access", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const weather = await makeApi(db, org.id, { name: "Weather" });
      const geo = await makeApi(db, org.id, { name: "Geocoding" });
      const free = await makePolicy(
        db,
        org.id,
        { name: "Free", rate: 10, per: 60, quotaMax: 1000, quotaRenewalSeconds: 86400 },
        [{ apiId: weather.id, allowedMethods: ["GET"], allowedPaths: ["/current"] }],
      );
      const pro = await makePolicy(
        db,
        org.id,
        {
          name: "Pro",
          rate: 100,
          per: 60,
          quotaMax: 100000,
          quotaRenewalSeconds: 30 * 86400,
          keyExpiresInSeconds: 365 * 86400,
        },
        [{ apiId: weather.id }, { apiId: geo.id, allowedMethods: ["get"] }],
      );

      const loaded = await loadPoliciesForLimits(db, org.id, [free.id, pro.id]);
      expect(loaded.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        {
          id: free.id,
          name: "Free",
          rate: 10,
          per: 60,
          quotaMax: 1000,
          quotaRenewalSeconds: 86400,
          keyExpiresInSeconds: null,
          isInactive: false,
          access: [{ apiId: weather.id, allowedMethods: ["GET"], allowedPaths: ["/current"] }],
        },
        {
          id: pro.id,
          name: "Pro",
          rate: 100,
          per: 60,
          quotaMax: 100000,
          quotaRenewalSeconds: 2592000,
          keyExpiresInSeconds: 31536000,
          isInactive: false,
          access: expect.arrayContaining([
            { apiId: weather.id, allowedMethods: [], allowedPaths: [] },
            { apiId: geo.id, allowedMethods: ["get"], allowedPaths: [] },
          ]),
        },
      ]);
      expect(loaded[1]?.access).toHaveLength(2);

      const names = await apiNames(db, org.id);
      expect(names).toEqual(
        new Map([
          [weather.id, "Weather"],
          [geo.id, "Geocoding"],
        ]),
      );
      expect(describeEffectiveLimits(loaded, names)).toEqual([
        {
          api: "Geocoding",
          rate: "100 requests / 60 s",
          quota: "100,000 per 30 days",
          access: "GET · all paths",
        },
        {
          api: "Weather",
          rate: "100 requests / 60 s",
          quota: "100,000 per 30 days",
          access: "All methods · all paths",
        },
      ]);
      // Free alone: its own limits.
      expect(
        describeEffectiveLimits(
          loaded.filter((p) => p.id === free.id),
          names,
        ),
      ).toEqual([
        {
          api: "Weather",
          rate: "10 requests / 60 s",
          quota: "1,000 per day",
          access: "GET · /current",
        },
      ]);
    });

    it("R-DEV-KEYS: no policy ids load nothing; unknown ids are skipped", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const p = await makePolicy(db, org.id, { name: "Only" });
      expect(await loadPoliciesForLimits(db, org.id, [])).toEqual([]);
      expect(
        (await loadPoliciesForLimits(db, org.id, [p.id, "pol_unknown"])).map((x) => [
          x.name,
          x.access,
        ]),
      ).toEqual([["Only", []]]);
    });

    it("R-ORG-ISOLATION: another organisation's policies and API names are never loaded", async () => {
      const db = getDb();
      const [a, b] = [await makeOrg(db), await makeOrg(db)];
      const apiA = await makeApi(db, a.id, { name: "API of A" });
      const apiB = await makeApi(db, b.id, { name: "API of B" });
      const polA = await makePolicy(db, a.id, { name: "Policy of A" }, [{ apiId: apiA.id }]);
      const polB = await makePolicy(db, b.id, { name: "Policy of B" }, [{ apiId: apiB.id }]);
      expect((await loadPoliciesForLimits(db, a.id, [polA.id, polB.id])).map((p) => p.id)).toEqual([
        polA.id,
      ]);
      expect(await loadPoliciesForLimits(db, a.id, [polB.id])).toEqual([]);
      expect(await apiNames(db, a.id)).toEqual(new Map([[apiA.id, "API of A"]]));
      expect(await apiNames(db, b.id)).toEqual(new Map([[apiB.id, "API of B"]]));
    });
  },
);

function policy(
  overrides: Partial<PolicyForLimits> & Pick<PolicyForLimits, "id" | "access">,
): PolicyForLimits {
  return {
    name: overrides.id,
    rate: 100,
    per: 60,
    quotaMax: -1,
    quotaRenewalSeconds: 3600,
    keyExpiresInSeconds: null,
    isInactive: false,
    ...overrides,
  };
}

describe("R-DEV-KEYS: describeEffectiveLimits wording (lib/policies/describe.ts)", () => {
  const names = new Map([
    ["api_a", "Alpha"],
    ["api_b", "Beta"],
  ]);

  it("R-DEV-KEYS: unlimited quota, renewal periods, thousands separators, methods and paths", () => {
    const rows = describeEffectiveLimits(
      [
        policy({
          id: "p1",
          rate: 1_000_000,
          per: 1,
          quotaMax: -1,
          access: [
            { apiId: "api_b", allowedMethods: ["post", "GET"], allowedPaths: ["/v1/x", "/v1/a"] },
          ],
        }),
        policy({
          id: "p2",
          rate: 5,
          per: 1,
          quotaMax: 2500,
          quotaRenewalSeconds: 7200,
          access: [{ apiId: "api_a", allowedMethods: [], allowedPaths: [] }],
        }),
      ],
      names,
    );
    expect(rows).toEqual([
      {
        api: "Alpha",
        rate: "5 requests / 1 s",
        quota: "2,500 per 2 hours",
        access: "All methods · all paths",
      },
      {
        api: "Beta",
        rate: "1,000,000 requests / 1 s",
        quota: "Unlimited",
        access: "GET, POST · /v1/a, /v1/x",
      },
    ]);
  });

  it("R-DEV-KEYS: renewal of an hour, of a day, of a number of seconds", () => {
    const quotaOf = (quotaRenewalSeconds: number) =>
      describeEffectiveLimits(
        [
          policy({
            id: "p",
            quotaMax: 10,
            quotaRenewalSeconds,
            access: [{ apiId: "api_a", allowedMethods: [], allowedPaths: [] }],
          }),
        ],
        names,
      )[0]?.quota;
    expect(quotaOf(3600)).toBe("10 per hour");
    expect(quotaOf(86400)).toBe("10 per day");
    expect(quotaOf(7 * 86400)).toBe("10 per 7 days");
    expect(quotaOf(90)).toBe("10 per 90 s");
  });

  it("R-DEV-KEYS: an inactive policy grants nothing; no policies, no rows; an API without a name shows its id", () => {
    const access = [{ apiId: "api_a", allowedMethods: [], allowedPaths: [] }];
    expect(
      describeEffectiveLimits([policy({ id: "off", isInactive: true, access })], names),
    ).toEqual([]);
    expect(describeEffectiveLimits([], names)).toEqual([]);
    expect(
      describeEffectiveLimits(
        [
          policy({
            id: "p",
            access: [{ apiId: "api_gone", allowedMethods: [], allowedPaths: [] }],
          }),
        ],
        names,
      ).map((r) => r.api),
    ).toEqual(["api_gone"]);
  });
});
