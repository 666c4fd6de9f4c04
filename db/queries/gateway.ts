import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { apis, apiTokens, developers, keys, organisations } from "../schema";
import { arrayLiteral } from "./array-literal";

/**
 * Reads and writes of the gateway hot path and of the "API & gateway tokens" console page.
 * Every statement carries the organisation, except the token lookup by hash, which is what
 * decides the organisation in the first place, and the cold-key lookup, which finds keys by their
 * globally unique hash and drops any row of another organisation in code (see gatewayKeyQuery).
 */

export type ApiTokenKind = "gateway" | "management";

/** Bearer authentication of a gateway or management token: hash → token (the org comes from it). */
export async function findApiTokenByHash(db: Db, hash: string, kind: ApiTokenKind) {
  const [row] = await db
    .select({ id: apiTokens.id, orgId: apiTokens.orgId, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.hash, hash), eq(apiTokens.kind, kind)))
    .limit(1);
  return row ?? null;
}

export type GatewayKeyRow = {
  id: string;
  developerId: string;
  status: "active" | "inactive" | "revoked";
  expiresAt: Date | null;
  createdAt: Date;
  developerStatus: "active" | "inactive";
  /** R-ORG-CREATE: the key's organisation is suspended (absent = not). */
  orgSuspended?: boolean;
  /** R-KEY-IP-ALLOW: addresses / CIDR ranges the key may be used from (absent or empty = any). */
  allowedIps?: string[];
  /**
   * Set when the hash is the key's previous value (R-KEY-ROTATE): it is accepted, as the same key,
   * until then. Null or absent when the hash is the key's current value.
   */
  graceEndsAt?: Date | null;
};

export type GatewayKeyLoad = {
  key: GatewayKeyRow;
  /** The ids of the key's policies, sorted (the policies themselves are cached per organisation). */
  policyIds: string[];
  quotas: Array<{ scope: string; used: number; renewsAt: Date }>;
};

type QuotaJson = { scope: string; used: number; renewsAt: string };

// The statement's only parameter: built once per database client, executed with values per call.
/** The hashes looked up, as one text[] literal (arrayLiteral): one statement for any number. */
const HASHES = sql.placeholder("hashes");

/**
 * The statement gives the planner one way in: the two unique hash indexes. Nothing in it is a
 * condition on the organisation as a parameter — the organisation's rows are reached through the
 * key (every join is on a primary key or a key-id prefix, the organisation compared between
 * columns) and the caller drops a row of another organisation. With "organisation = $1" in it,
 * a plan made before the first ANALYZE (or a generic plan) could start from the organisation's
 * developers and probe their keys: 1,501 developers scanned for five keys, 7.5 ms instead of
 * 0.3 (issue 14).
 */
function gatewayKeyQuery(db: Db) {
  // The key's policies by id: the gateway holds each organisation's policies (and the limits of
  // each set of them) apart, so a cold key carries no policy rows (lib/gateway/org-policies.ts).
  const policyIds = sql<string[]>`coalesce((
    select array_agg(kp.policy_id order by kp.policy_id)
    from key_policies kp where kp.key_id = ${keys.id} and kp.org_id = ${keys.orgId}), '{}')`;
  const quotasJson = sql<QuotaJson[]>`coalesce((
    select json_agg(json_build_object('scope', q.scope, 'used', q.used, 'renewsAt', q.renews_at))
    from quota_usage q where q.key_id = ${keys.id} and q.org_id = ${keys.orgId}), '[]'::json)`;
  return db
    .select({
      id: keys.id,
      orgId: keys.orgId,
      developerId: keys.developerId,
      developerOrgId: developers.orgId,
      status: keys.status,
      expiresAt: keys.expiresAt,
      createdAt: keys.createdAt,
      developerStatus: developers.status,
      orgSuspended: sql<boolean>`${organisations.suspendedAt} is not null`,
      allowedIps: keys.allowedIps,
      hash: keys.hash,
      previousHash: keys.previousHash,
      previousHashEndsAt: keys.previousHashEndsAt,
      policyIds,
      quotas: quotasJson,
    })
    .from(keys)
    .innerJoin(developers, eq(developers.id, keys.developerId))
    .innerJoin(organisations, eq(organisations.id, keys.orgId))
    .where(
      or(
        sql`${keys.hash} = any(${HASHES}::text[])`,
        sql`${keys.previousHash} = any(${HASHES}::text[])`,
      ),
    )
    .prepare("gatehouse_gateway_keys");
}

/**
 * Session settings of the standalone verifier's key-lookup pool (scripts/gateway.ts; R-GW-VERIFY,
 * issue 14), which runs this one statement. Planning was most of a cold key's database time — a
 * custom plan of the lookup cost about 0.6 ms, the lookup itself 0.1–0.3 — so that pool plans it
 * once per connection (a generic plan). A generic plan is kept until the next ANALYZE of a table
 * it reads, so it must not depend on a table's size at the time: with sequential scans off, a
 * table that was nearly empty when the plan was made (quota_usage on a new install) is still read
 * through its index once it has grown. Not for any other statement: the usage write, planned
 * generic without sequential scans, took 490 ms for a thousand rows instead of 58.
 */
export const KEY_LOOKUP_SESSION_SETTINGS: Record<string, string> = {
  plan_cache_mode: "force_generic_plan",
  enable_seqscan: "off",
};

// One prepared query per database client (the process's, or a test's).
const gatewayKeyQueries = new WeakMap<Db, ReturnType<typeof gatewayKeyQuery>>();

function preparedKeyQuery(db: Db) {
  let query = gatewayKeyQueries.get(db);
  if (!query) {
    query = gatewayKeyQuery(db);
    gatewayKeyQueries.set(db, query);
  }
  return query;
}

/**
 * Opens `connections` connections of the pool and prepares the key lookup on each, by running
 * it that many times at once for a key that cannot exist (postgres.js opens a new connection for
 * a query while it has fewer than its maximum and none idle). For the standalone verifier before
 * it listens (R-GW-VERIFY, issue 14): otherwise the first cold keys that arrive together each pay
 * a connection's set-up — TCP, authentication, a new backend and its empty catalog caches, the
 * statement's Parse — about 50 ms here against 0.5 ms for the lookup itself, and at 10
 * connections those few calls were the p99 of a thousand cold keys.
 */
export async function warmGatewayKeyQuery(db: Db, connections: number): Promise<void> {
  const query = preparedKeyQuery(db);
  await Promise.all(Array.from({ length: connections }, () => query.execute({ hashes: "{}" })));
}

/**
 * Everything the gateway needs about one key, in one round trip (a cold key is on the request
 * path): the key and its developer's status by hash within one organisation — a key of another
 * organisation is simply not found — the ids of its policies (the gateway caches the policies
 * themselves per organisation), and its quota counters. The hash is the key's current value or,
 * after a roll, its previous one (the caller judges graceEndsAt). Uses keys_hash_uq and
 * keys_previous_hash_uq (a BitmapOr), then the key_policies / quota_usage primary keys.
 *
 * A prepared query (R-GW-VERIFY, issue 14): the SQL is built once per client, not per cold key —
 * building it was most of a cold lookup's CPU (about 0.85 ms of 1.1 ms; prepared, about 0.2 ms) —
 * and postgres.js keeps it as a named statement per connection (unless DATABASE_PREPARE=0).
 */
export async function loadGatewayKey(
  db: Db,
  orgId: string,
  hash: string,
): Promise<GatewayKeyLoad | null> {
  return (await loadGatewayKeys(db, orgId, [hash])).get(hash) ?? null;
}

/**
 * Several keys of one organisation in one round trip (the gateway's cold misses that arrive
 * together, lib/gateway/key-batch.ts): by requested hash, each found as a key's current value or
 * its previous one (then with graceEndsAt). Hashes matching nothing are absent from the map.
 */
export async function loadGatewayKeys(
  db: Db,
  orgId: string,
  hashes: string[],
): Promise<Map<string, GatewayKeyLoad>> {
  const found = new Map<string, GatewayKeyLoad>();
  if (hashes.length === 0) return found;
  const rows = await preparedKeyQuery(db).execute({ hashes: arrayLiteral(hashes) });
  const wanted = new Set(hashes);
  for (const row of rows) {
    const {
      orgId: keyOrgId,
      developerOrgId,
      policyIds: ids,
      quotas: qs,
      hash,
      previousHash,
      previousHashEndsAt,
      ...key
    } = row;
    // A key of another organisation is not found (R-ORG-ISOLATION); nor is one whose developer
    // row belongs elsewhere (never written so, checked all the same).
    if (keyOrgId !== orgId || developerOrgId !== orgId) continue;
    const load = (graceEndsAt: Date | null): GatewayKeyLoad => ({
      key: { ...key, graceEndsAt },
      policyIds: ids,
      quotas: qs.map((q) => ({ scope: q.scope, used: q.used, renewsAt: new Date(q.renewsAt) })),
    });
    if (wanted.has(hash)) found.set(hash, load(null));
    if (previousHash !== null && wanted.has(previousHash) && !found.has(previousHash))
      found.set(previousHash, load(previousHashEndsAt));
  }
  return found;
}

/** Every API of the organisation (the gateway matches listen paths longest-first). */
export async function listGatewayApis(db: Db, orgId: string) {
  return db
    .select({ id: apis.id, slug: apis.slug, listenPath: apis.listenPath, authType: apis.authType })
    .from(apis)
    .where(eq(apis.orgId, orgId));
}

/**
 * Keys named by hash or id in posted usage records, within one organisation. A rolled key's
 * previous value still names it (calls made during its grace period are reported later).
 */
export async function findKeysForUsage(
  db: Db,
  orgId: string,
  { hashes, ids }: { hashes: string[]; ids: string[] },
) {
  if (hashes.length === 0 && ids.length === 0) return [];
  const which = [
    hashes.length ? or(inArray(keys.hash, hashes), inArray(keys.previousHash, hashes)) : undefined,
    ids.length ? inArray(keys.id, ids) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select({
      id: keys.id,
      hash: keys.hash,
      previousHash: keys.previousHash,
      developerId: keys.developerId,
    })
    .from(keys)
    .where(
      and(eq(keys.orgId, orgId), which.length === 2 ? sql`(${which[0]} or ${which[1]})` : which[0]),
    );
}

// ——— Console: "API & gateway tokens" ———

export async function listApiTokens(db: Db, orgId: string) {
  return db
    .select({
      id: apiTokens.id,
      kind: apiTokens.kind,
      name: apiTokens.name,
      start: apiTokens.start,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.orgId, orgId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(200);
}

export async function insertApiToken(
  db: Db,
  orgId: string,
  values: {
    kind: ApiTokenKind;
    name: string;
    hash: string;
    start: string;
    createdByAdminId: string | null;
  },
) {
  const [row] = await db
    .insert(apiTokens)
    .values({ ...values, orgId })
    .returning({ id: apiTokens.id, kind: apiTokens.kind, name: apiTokens.name });
  if (!row) throw new Error("api token insert returned nothing");
  return row;
}

/** Revokes a token of this organisation; null when there is no such live token. */
export async function revokeApiToken(db: Db, orgId: string, tokenId: string) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
    .returning({
      id: apiTokens.id,
      kind: apiTokens.kind,
      name: apiTokens.name,
      hash: apiTokens.hash,
    });
  return row ?? null;
}

/** last_used_at of gateway tokens, written from the usage flusher (once per flush, not per call). */
export async function touchApiTokens(
  db: Db | Tx,
  rows: Array<{ orgId: string; tokenId: string; at: Date }>,
) {
  for (const r of rows) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: r.at })
      .where(and(eq(apiTokens.orgId, r.orgId), eq(apiTokens.id, r.tokenId)));
  }
}
