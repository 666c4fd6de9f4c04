import type { Db } from "@/db";
import { apis, apiTokens, developers, keyPolicies, keys, policies, policyApis } from "@/db/schema";
import { MemoryCounterStore, type CounterStore } from "@/lib/gateway/counters";
import { Gateway } from "@/lib/gateway/gateway";
import { dbGatewayStore, type GatewayStore } from "@/lib/gateway/store";
import { newApiToken } from "@/lib/gateway/tokens";
import { makeDeveloper, makeOrg, randomHex } from "./db";
import { makeKey as makeDevKey } from "./dev-fixtures";

/**
 * Stores fresh keys (their hash and start) the way organisations hold them — a few per developer,
 * `perDeveloper` to each new developer — every one carrying the policy. Not one developer with
 * thousands of keys: before the first ANALYZE a planner may find keys through their developer.
 */
export async function makeKeysAcrossDevelopers(
  db: Db,
  orgId: string,
  policyId: string,
  fresh: Array<{ hash: string; start: string }>,
  {
    perDeveloper,
    emailPrefix,
    passwordHash,
  }: { perDeveloper: number; emailPrefix: string; passwordHash: string | null },
): Promise<void> {
  const chunk = perDeveloper * 100;
  for (let i = 0; i < fresh.length; i += chunk) {
    const part = fresh.slice(i, i + chunk);
    const devs = await db
      .insert(developers)
      .values(
        Array.from({ length: Math.ceil(part.length / perDeveloper) }, (_, j) => ({
          orgId,
          email: `${emailPrefix}-${i + j * perDeveloper}@example.test`,
          name: "Fixture developer",
          passwordHash,
        })),
      )
      .returning({ id: developers.id });
    const rows = await db
      .insert(keys)
      .values(
        part.map((k, j) => {
          const dev = devs[Math.floor(j / perDeveloper)];
          if (!dev) throw new Error("makeKeysAcrossDevelopers: a developer was not inserted");
          return { orgId, developerId: dev.id, hash: k.hash, start: k.start };
        }),
      )
      .returning({ id: keys.id });
    await db.insert(keyPolicies).values(rows.map((r) => ({ orgId, keyId: r.id, policyId })));
  }
}

/** A controllable clock for rate limits, quotas and cache TTLs. */
export function fakeClock(start = Date.UTC(2030, 0, 1, 12, 0, 0)) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
}

export async function makeApi(db: Db, orgId: string, slug: string, listenPath = `/${slug}/`) {
  const [row] = await db.insert(apis).values({ orgId, name: slug, slug, listenPath }).returning();
  if (!row) throw new Error("makeApi: nothing inserted");
  return row;
}

type PolicySpec = {
  rate?: number;
  per?: number;
  quotaMax?: number;
  quotaRenewalSeconds?: number;
  keyExpiresInSeconds?: number | null;
  isInactive?: boolean;
  access: Array<{ apiId: string; methods?: string[]; paths?: string[] }>;
};

export async function makePolicy(db: Db, orgId: string, spec: PolicySpec) {
  const [row] = await db
    .insert(policies)
    .values({
      orgId,
      name: `Policy ${randomHex(3)}`,
      rate: spec.rate ?? 1000,
      per: spec.per ?? 60,
      quotaMax: spec.quotaMax ?? -1,
      quotaRenewalSeconds: spec.quotaRenewalSeconds ?? 3600,
      keyExpiresInSeconds: spec.keyExpiresInSeconds ?? null,
      isInactive: spec.isInactive ?? false,
    })
    .returning();
  if (!row) throw new Error("makePolicy: nothing inserted");
  if (spec.access.length)
    await db.insert(policyApis).values(
      spec.access.map((a) => ({
        orgId,
        policyId: row.id,
        apiId: a.apiId,
        allowedMethods: a.methods ?? [],
        allowedPaths: a.paths ?? [],
      })),
    );
  return row;
}

/** A key with its plaintext, as `row` (the gateway tests' name for it); see dev-fixtures' makeKey. */
export async function makeKey(
  db: Db,
  orgId: string,
  developerId: string,
  policyIds: string[],
  overrides: Partial<typeof keys.$inferInsert> = {},
) {
  const { key, plaintext } = await makeDevKey(db, orgId, developerId, policyIds, overrides);
  return { plaintext, row: key };
}

export async function makeGatewayToken(
  db: Db,
  orgId: string,
  kind: "gateway" | "management" = "gateway",
) {
  const t = newApiToken(kind);
  const [row] = await db
    .insert(apiTokens)
    .values({ orgId, kind, name: `token ${randomHex(3)}`, hash: t.hash, start: t.start })
    .returning();
  if (!row) throw new Error("makeGatewayToken: nothing inserted");
  return { plaintext: t.token, row };
}

/**
 * One organisation as the gateway tests use it: Weather (/weather/) and Payments (/payments/),
 * a developer, and a key on a policy that opens Weather only.
 */
export async function makeGatewayWorld(
  db: Db,
  weatherPolicy: Omit<PolicySpec, "access"> & { methods?: string[] } = {},
) {
  const org = await makeOrg(db);
  const developer = await makeDeveloper(db, org.id);
  const weather = await makeApi(db, org.id, `weather-${randomHex(3)}`, "/weather/");
  const payments = await makeApi(db, org.id, `payments-${randomHex(3)}`, "/payments/");
  const policy = await makePolicy(db, org.id, {
    ...weatherPolicy,
    access: [{ apiId: weather.id, methods: weatherPolicy.methods }],
  });
  const key = await makeKey(db, org.id, developer.id, [policy.id]);
  const token = await makeGatewayToken(db, org.id);
  return { org, developer, weather, payments, policy, key, token };
}

export function testGateway(
  db: Db,
  {
    now,
    counters,
    store,
    cacheTtlMs = 5000,
    dbTimeoutMs = 5000,
  }: {
    now?: () => number;
    counters?: CounterStore;
    store?: GatewayStore;
    cacheTtlMs?: number;
    dbTimeoutMs?: number;
  } = {},
): Gateway {
  return new Gateway({
    store: store ?? dbGatewayStore(db),
    counters: counters ?? new MemoryCounterStore(),
    cacheTtlMs,
    dbTimeoutMs,
    flushIntervalMs: 0,
    now,
    log: () => undefined,
  });
}
