import { eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { generateKey } from "@/lib/keys/format";
import { type EffectiveLimits, effectiveLimits } from "@/lib/policies/effective";
import type { Db } from "@/db";
import { rebuildUsageDaily } from "@/db/queries/usage-write";
import * as s from "@/db/schema";

export const DEMO = {
  orgSlug: "acme",
  orgName: "Acme APIs",
  admin: { email: "admin@acme.test", password: "gatehouse-demo" },
  viewer: { email: "viewer@acme.test", password: "gatehouse-demo" },
  developer: { email: "alice@example.com", password: "gatehouse-demo" },
} as const;

/** Small deterministic PRNG so the demo graphs look the same on every install. */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1664525 + 1013904223) % 4294967296;
    return x / 4294967296;
  };
}

const FIRST = [
  "Alice",
  "Bob",
  "Carla",
  "Deepak",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Lars",
  "Maya",
  "Noor",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
  "Uma",
  "Victor",
  "Wen",
  "Ximena",
  "Yusuf",
];
const COUNTRIES = ["GB", "DE", "FR", "IN", "US", "NG", "JP", "BR", "SE", "ES"];

/**
 * Demo organisation (R-ORG-SETUP): APIs, policies, catalog entries, developers, keys with one
 * and with several policies, a key whose policy has no catalog entry, pending key requests and
 * 7 days of hourly usage. Idempotent: does nothing when the organisation exists.
 */
export async function seedDemo(
  db: Db,
  now = new Date(),
): Promise<{ created: boolean; orgId: string }> {
  const passwordHash = await hashPassword(DEMO.admin.password);
  const random = rng(42);

  return db.transaction(async (tx) => {
    // Several instances may start together with GATEHOUSE_SEED: one seeds, the others see it.
    await tx.execute(sql`select pg_advisory_xact_lock(4242002)`);
    const [existing] = await tx
      .select()
      .from(s.organisations)
      .where(eq(s.organisations.slug, DEMO.orgSlug));
    if (existing) return { created: false, orgId: existing.id };
    const [org] = await tx
      .insert(s.organisations)
      .values({
        name: DEMO.orgName,
        slug: DEMO.orgSlug,
        minPasswordLength: 8,
        keyRequestMode: "admin",
        signupFields: [
          { key: "company", label: "Company", type: "text", required: false },
          {
            key: "use_case",
            label: "Main use case",
            type: "select",
            required: false,
            options: ["Prototype", "Production app", "Research"],
          },
        ],
      })
      .returning();
    if (!org) throw new Error("seed: organisation not created");
    const orgId = org.id;
    await tx.insert(s.adminUsers).values([
      { orgId, email: DEMO.admin.email, name: "Ada Admin", passwordHash, role: "owner" },
      { orgId, email: DEMO.viewer.email, name: "Vic Viewer", passwordHash, role: "viewer" },
    ]);

    const apiRows = await tx
      .insert(s.apis)
      .values([
        {
          orgId,
          name: "Weather",
          slug: "weather",
          listenPath: "/weather/",
          upstreamUrl: "http://weather.internal",
          description: "Current conditions and 10-day forecasts for any place on earth.",
          docsMarkdown:
            "# Weather API\n\n`GET /weather/current?lat=…&lon=…` returns the current conditions.\n\n`GET /weather/forecast?lat=…&lon=…&days=10` returns a forecast.",
        },
        {
          orgId,
          name: "Geocoding",
          slug: "geocoding",
          listenPath: "/geo/",
          upstreamUrl: "http://geo.internal",
          description: "Addresses to coordinates and back.",
          docsMarkdown:
            "# Geocoding API\n\n`GET /geo/search?q=…` finds places.\n\n`GET /geo/reverse?lat=…&lon=…` names a coordinate.",
        },
        {
          orgId,
          name: "Payments",
          slug: "payments",
          listenPath: "/payments/",
          upstreamUrl: "http://payments.internal",
          description: "Charges, refunds and payouts for partners.",
          docsMarkdown:
            "# Payments API\n\n`POST /payments/charges` creates a charge.\n\n`POST /payments/refunds` refunds one.",
        },
        {
          // R-OAUTH-CLIENTS: called with OAuth access tokens (client credentials), not keys.
          orgId,
          name: "Ledger",
          slug: "ledger",
          listenPath: "/ledger/",
          upstreamUrl: "http://ledger.internal",
          description: "Accounts and balances for server-to-server integrations (OAuth 2.0).",
          authType: "oauth",
          docsMarkdown:
            "# Ledger API\n\nAuthenticate with OAuth 2.0 client credentials: get a token at the token endpoint shown with your client, then `GET /ledger/accounts` with `Authorization: Bearer <token>`.",
        },
      ])
      .returning();
    const [weather, geo, payments, ledger] = apiRows;
    if (!weather || !geo || !payments || !ledger) throw new Error("seed: APIs not created");

    const policyRows = await tx
      .insert(s.policies)
      .values([
        {
          orgId,
          name: "Free",
          rate: 10,
          per: 60,
          quotaMax: 1000,
          quotaRenewalSeconds: 86400,
          tags: ["free"],
        },
        {
          orgId,
          name: "Pro",
          rate: 100,
          per: 60,
          quotaMax: 100000,
          quotaRenewalSeconds: 30 * 86400,
          keyExpiresInSeconds: 365 * 86400,
          tags: ["paid"],
        },
        {
          orgId,
          name: "Payments partner",
          rate: 50,
          per: 1,
          quotaMax: -1,
          quotaRenewalSeconds: 3600,
          tags: ["partner"],
        },
        {
          orgId,
          name: "Internal tools",
          rate: 1000,
          per: 60,
          quotaMax: -1,
          quotaRenewalSeconds: 3600,
          tags: ["internal"],
        },
        {
          orgId,
          name: "Ledger OAuth",
          rate: 60,
          per: 60,
          quotaMax: 10000,
          quotaRenewalSeconds: 86400,
          allowOauth: true,
          tags: ["oauth"],
        },
      ])
      .returning();
    const [free, pro, partner, internal, ledgerOauth] = policyRows;
    if (!free || !pro || !partner || !internal || !ledgerOauth)
      throw new Error("seed: policies not created");
    const access: Array<{ policyId: string; apiId: string; allowedMethods: string[] }> = [
      { policyId: free.id, apiId: weather.id, allowedMethods: ["GET"] },
      { policyId: pro.id, apiId: weather.id, allowedMethods: [] },
      { policyId: pro.id, apiId: geo.id, allowedMethods: [] },
      { policyId: partner.id, apiId: payments.id, allowedMethods: [] },
      { policyId: internal.id, apiId: weather.id, allowedMethods: [] },
      { policyId: internal.id, apiId: geo.id, allowedMethods: [] },
      { policyId: internal.id, apiId: payments.id, allowedMethods: [] },
      { policyId: ledgerOauth.id, apiId: ledger.id, allowedMethods: [] },
    ];
    await tx.insert(s.policyApis).values(access.map((a) => ({ ...a, orgId })));
    // The same function the console and the gateway use, so the demo's expiries and quotas agree with them.
    const limitsOf = (pols: s.Policy[]) =>
      effectiveLimits(
        pols.map((p) => ({
          ...p,
          access: access
            .filter((a) => a.policyId === p.id)
            .map((a) => ({ ...a, allowedPaths: [] })),
        })),
      );

    const entries = await tx
      .insert(s.catalogEntries)
      .values([
        {
          orgId,
          policyId: free.id,
          name: "Weather — Free",
          slug: "weather-free",
          shortDescription: "Try the Weather API: 1,000 calls a day.",
          longDescription: "GET access to current conditions and forecasts, 10 requests a minute.",
          approvalMode: "auto",
          docsMarkdown: weather.docsMarkdown,
        },
        {
          orgId,
          policyId: pro.id,
          name: "Weather & Geocoding — Pro",
          slug: "pro",
          shortDescription: "Production access to Weather and Geocoding.",
          longDescription: "100 requests a minute, 100,000 a month, for both APIs.",
          reasonFields: [
            { key: "app", label: "What will you build?", type: "textarea", required: true },
          ],
        },
        {
          orgId,
          policyId: partner.id,
          name: "Payments — Partners",
          slug: "payments",
          shortDescription: "Charges and refunds for approved partners.",
          longDescription: "Reviewed by our partnerships team.",
          reasonFields: [
            { key: "company", label: "Company", type: "text", required: true },
            {
              key: "volume",
              label: "Monthly volume",
              type: "select",
              required: true,
              options: ["< 1k", "1k–100k", "> 100k"],
            },
          ],
        },
        {
          orgId,
          policyId: ledgerOauth.id,
          name: "Ledger — OAuth",
          slug: "ledger",
          shortDescription: "Server-to-server access with OAuth 2.0 client credentials.",
          longDescription:
            "Request an OAuth client: you get a client id and secret at once, then access tokens from the token endpoint.",
          approvalMode: "auto",
          docsMarkdown: ledger.docsMarkdown,
        },
      ])
      .returning();

    const devRows = await tx
      .insert(s.developers)
      .values(
        FIRST.map((first, i) => ({
          orgId,
          email:
            i === 0
              ? DEMO.developer.email
              : `${first.toLowerCase()}@example.${i % 3 === 0 ? "org" : "com"}`,
          name: `${first} ${["Smith", "Okafor", "Tanaka", "Müller", "Silva"][i % 5]}`,
          telephone: i % 2 === 0 ? `+44 20 7946 0${String(100 + i).slice(-3)}` : null,
          country: COUNTRIES[i % COUNTRIES.length],
          customFields: { company: i % 4 === 0 ? "Globex" : "Initech", use_case: "Prototype" },
          passwordHash,
          status: i === 24 ? ("inactive" as const) : ("active" as const),
          createdAt: new Date(now.getTime() - (FIRST.length - i) * 86400_000 * 1.3),
        })),
      )
      .returning();

    // Keys: policies per developer index; one with several policies, one uncatalogued.
    const plan: Array<{ dev: number; policies: s.Policy[]; alias: string }> = [
      { dev: 0, policies: [free], alias: "alice-test" },
      { dev: 0, policies: [free, pro], alias: "alice-prod" },
      { dev: 1, policies: [internal], alias: "bob-internal" },
      { dev: 2, policies: [partner], alias: "carla-payments" },
    ];
    for (let i = 3; i < 15; i++)
      plan.push({
        dev: i,
        policies: [i % 3 === 0 ? pro : free],
        alias: `${FIRST[i]?.toLowerCase()}-key`,
      });
    const hour0 = Math.floor(now.getTime() / 3600_000) * 3600_000;
    const keyRows: Array<{ key: s.Key; limits: EffectiveLimits }> = [];
    for (const p of plan) {
      const dev = devRows[p.dev];
      if (!dev) continue;
      const k = generateKey();
      const limits = limitsOf(p.policies);
      const expiresIn = limits.keyExpiresInSeconds;
      const [key] = await tx
        .insert(s.keys)
        .values({
          orgId,
          developerId: dev.id,
          hash: k.hash,
          start: k.start,
          alias: p.alias,
          createdAt: new Date(dev.createdAt.getTime() + 3600_000),
          expiresAt: expiresIn ? new Date(dev.createdAt.getTime() + expiresIn * 1000) : null,
          lastUsedAt: new Date(hour0),
        })
        .returning();
      if (!key) continue;
      await tx
        .insert(s.keyPolicies)
        .values(p.policies.map((pol) => ({ orgId, keyId: key.id, policyId: pol.id })));
      keyRows.push({ key, limits });
    }

    const [proEntry, paymentsEntry] = [entries[1], entries[2]];
    if (proEntry && paymentsEntry)
      await tx.insert(s.keyRequests).values([
        {
          orgId,
          developerId: devRows[15]?.id ?? "",
          catalogEntryId: proEntry.id,
          policyIds: [pro.id],
          reasonAnswers: { app: "A cycling route planner" },
        },
        {
          orgId,
          developerId: devRows[16]?.id ?? "",
          catalogEntryId: paymentsEntry.id,
          policyIds: [partner.id],
          reasonAnswers: { company: "Globex", volume: "1k–100k" },
        },
        {
          orgId,
          developerId: devRows[17]?.id ?? "",
          catalogEntryId: proEntry.id,
          policyIds: [pro.id],
          reasonAnswers: { app: "Farm irrigation alerts" },
        },
      ]);

    // 7 days of hourly usage: a daily curve, some noise, a few percent errors.
    const usage: Array<typeof s.usageHourly.$inferInsert> = [];
    keyRows.forEach(({ key, limits }, ki) => {
      const apis = [...limits.apis.keys()];
      for (let h = 0; h < 24 * 7; h++) {
        const at = new Date(hour0 - h * 3600_000);
        const daily = 0.5 + 0.5 * Math.sin(((at.getUTCHours() - 6) / 24) * 2 * Math.PI);
        for (const apiId of apis) {
          const requests = Math.round((5 + ki * 3) * daily * (0.6 + random()));
          if (requests === 0) continue;
          const errors = Math.round(requests * (0.01 + random() * 0.06));
          usage.push({
            orgId,
            keyId: key.id,
            developerId: key.developerId,
            apiId,
            hour: at,
            requests,
            successes: requests - errors,
            errors,
          });
        }
      }
    });
    for (let i = 0; i < usage.length; i += 1000)
      await tx.insert(s.usageHourly).values(usage.slice(i, i + 1000));
    // The errors by refusal code (R-USAGE-PAGE), adding up to them hour by hour: mostly rate
    // limits, some quota, a few access refusals.
    const refusals = new Map<string, typeof s.usageRefusalsHourly.$inferInsert>();
    for (const u of usage) {
      const errors = u.errors ?? 0;
      const quota = Math.round(errors * 0.3);
      const access = u.hour.getUTCHours() % 5 === 0 ? Math.min(1, errors - quota) : 0;
      const split: Array<[string, number]> = [
        ["rate_limited", errors - quota - access],
        ["quota_exceeded", quota],
        ["path_not_allowed", access],
      ];
      for (const [code, n] of split) {
        if (n <= 0) continue;
        const id = `${u.apiId}|${u.hour.getTime()}|${code}`;
        const row = refusals.get(id);
        if (row) row.refusals = (row.refusals ?? 0) + n;
        else refusals.set(id, { orgId, apiId: u.apiId, hour: u.hour, code, refusals: n });
      }
    }
    const refusalRows = [...refusals.values()];
    for (let i = 0; i < refusalRows.length; i += 1000)
      await tx.insert(s.usageRefusalsHourly).values(refusalRows.slice(i, i + 1000));
    // The daily rollups the overview reads (R-SCALE), from the hourly rows just written.
    await rebuildUsageDaily(tx, orgId, {
      from: new Date(hour0 - 24 * 7 * 3600_000),
      to: new Date(hour0 + 3600_000),
    });
    // Quota counters as the gateway would have persisted them, so the dashboard shows real burn-down.
    const quotaRows: Array<typeof s.quotaUsage.$inferInsert> = [];
    for (const { key, limits } of keyRows) {
      // One counter per owning policy, shared by the APIs whose quota it is.
      const scopes = new Map<string, { max: number; renewalSeconds: number; apiIds: string[] }>();
      for (const l of limits.apis.values())
        if (l.quota) {
          const q = scopes.get(l.quota.scope) ?? { ...l.quota, apiIds: [] };
          scopes.set(l.quota.scope, { ...q, apiIds: [...q.apiIds, l.apiId] });
        }
      for (const [scope, q] of scopes) {
        const renewsAt =
          q.renewalSeconds === 86400
            ? new Date(Math.ceil((now.getTime() + 1) / 86400_000) * 86400_000)
            : new Date(now.getTime() + (q.renewalSeconds * 1000) / 3);
        const periodStart = renewsAt.getTime() - q.renewalSeconds * 1000;
        const used = usage
          .filter(
            (u) =>
              u.keyId === key.id && q.apiIds.includes(u.apiId) && u.hour.getTime() >= periodStart,
          )
          .reduce((a, u) => a + (u.successes ?? 0), 0);
        quotaRows.push({ orgId, keyId: key.id, scope, used: Math.min(used, q.max), renewsAt });
      }
    }
    if (quotaRows.length) await tx.insert(s.quotaUsage).values(quotaRows);
    return { created: true, orgId };
  });
}

export function demoLoginsText(baseUrl: string): string {
  return [
    `  Admin console:     ${baseUrl}/admin   ${DEMO.admin.email} / ${DEMO.admin.password}   (viewer: ${DEMO.viewer.email})`,
    `  Developer portal:  ${baseUrl}/${DEMO.orgSlug}   ${DEMO.developer.email} / ${DEMO.developer.password}`,
  ].join("\n");
}
