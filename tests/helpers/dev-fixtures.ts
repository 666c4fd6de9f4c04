import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { generateKey } from "@/lib/keys/format";
import { onKeysChanged } from "@/lib/keys/invalidate";
import { makeAdmin, makeDeveloper, makeOrg, randomHex } from "./db";

/**
 * Factories for the developers / keys / usage tests. They write rows directly, so a
 * test of one query function does not depend on the code of another.
 */

export type Actor = { actorType: "admin"; actorId: string };

/** An admin of the organisation, in the shape lib/developers/admin.ts and lib/keys/issue.ts take. */
export async function adminActor(db: Db, orgId: string): Promise<Actor> {
  const admin = await makeAdmin(db, orgId);
  return { actorType: "admin", actorId: admin.id };
}

export async function makeApi(
  db: Db,
  orgId: string,
  overrides: Partial<s.Api> = {},
): Promise<s.Api> {
  const id = randomHex(4);
  const [row] = await db
    .insert(s.apis)
    .values({
      name: `API ${id}`,
      slug: `api-${id}`,
      listenPath: `/api-${id}/`,
      ...overrides,
      orgId,
    })
    .returning();
  if (!row) throw new Error("makeApi: insert returned nothing");
  return row;
}

type Access = { apiId: string; allowedMethods?: string[]; allowedPaths?: string[] };

/** A policy (with access rights to the given APIs). */
export async function makePolicy(
  db: Db,
  orgId: string,
  overrides: Partial<Omit<s.Policy, "id" | "orgId">> = {},
  access: Access[] = [],
): Promise<s.Policy> {
  const [row] = await db
    .insert(s.policies)
    .values({
      name: `Policy ${randomHex(3)}`,
      rate: 100,
      per: 60,
      quotaMax: 1000,
      quotaRenewalSeconds: 86400,
      ...overrides,
      orgId,
    })
    .returning();
  if (!row) throw new Error("makePolicy: insert returned nothing");
  if (access.length)
    await db.insert(s.policyApis).values(
      access.map((a) => ({
        orgId,
        policyId: row.id,
        apiId: a.apiId,
        allowedMethods: a.allowedMethods ?? [],
        allowedPaths: a.allowedPaths ?? [],
      })),
    );
  return row;
}

/** A catalog entry publishing the policy. */
export async function makeCatalogEntry(
  db: Db,
  orgId: string,
  policyId: string,
  name: string,
): Promise<s.CatalogEntry> {
  const [row] = await db
    .insert(s.catalogEntries)
    .values({ orgId, policyId, name, slug: `entry-${randomHex(4)}` })
    .returning();
  if (!row) throw new Error("makeCatalogEntry: insert returned nothing");
  return row;
}

/** A key of the developer carrying the policies; returns the row and its plaintext. */
export async function makeKey(
  db: Db,
  orgId: string,
  developerId: string,
  policyIds: string[],
  overrides: Partial<Omit<s.Key, "id" | "orgId" | "developerId">> = {},
): Promise<{ key: s.Key; plaintext: string }> {
  const k = generateKey();
  const [key] = await db
    .insert(s.keys)
    .values({ ...overrides, orgId, developerId, hash: k.hash, start: k.start })
    .returning();
  if (!key) throw new Error("makeKey: insert returned nothing");
  if (policyIds.length)
    await db
      .insert(s.keyPolicies)
      .values(policyIds.map((policyId) => ({ orgId, keyId: key.id, policyId })));
  return { key, plaintext: k.key };
}

/**
 * The usual scene of a key test: an organisation, one of its admins (as the actor), a policy, a
 * developer and a key of theirs carrying the policy.
 */
export async function keyScene(db: Db) {
  const org = await makeOrg(db);
  const actor = await adminActor(db, org.id);
  const policy = await makePolicy(db, org.id);
  const dev = await makeDeveloper(db, org.id);
  const { key, plaintext } = await makeKey(db, org.id, dev.id, [policy.id]);
  return { org, actor, policy, dev, key, plaintext };
}

export type UsageInput = {
  key: s.Key;
  apiId: string;
  hour: string | Date;
  requests: number;
  errors?: number;
};

/** Hourly rollup rows (successes = requests - errors). */
export async function addUsage(db: Db, rows: UsageInput[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(s.usageHourly).values(
    rows.map((r) => {
      const errors = r.errors ?? 0;
      return {
        orgId: r.key.orgId,
        keyId: r.key.id,
        developerId: r.key.developerId,
        apiId: r.apiId,
        hour: new Date(r.hour),
        requests: r.requests,
        successes: r.requests - errors,
        errors,
      };
    }),
  );
}

/** Every key row of a developer and every key_policies row of those keys, in a stable order. */
export async function keySnapshot(db: Db, orgId: string, developerId: string) {
  const keyRows = await db
    .select()
    .from(s.keys)
    .where(and(eq(s.keys.orgId, orgId), eq(s.keys.developerId, developerId)))
    .orderBy(asc(s.keys.id));
  const links = keyRows.length
    ? await db
        .select()
        .from(s.keyPolicies)
        .where(
          inArray(
            s.keyPolicies.keyId,
            keyRows.map((k) => k.id),
          ),
        )
        .orderBy(asc(s.keyPolicies.keyId), asc(s.keyPolicies.policyId))
    : [];
  return { keys: keyRows, keyPolicies: links };
}

/** Policy ids of a key, sorted (read straight from key_policies). */
export async function policyIdsOfKey(db: Db, keyId: string): Promise<string[]> {
  const rows = await db
    .select({ policyId: s.keyPolicies.policyId })
    .from(s.keyPolicies)
    .where(eq(s.keyPolicies.keyId, keyId));
  return rows.map((r) => r.policyId).sort();
}

export async function getKeyRow(db: Db, keyId: string): Promise<s.Key | null> {
  const [row] = await db.select().from(s.keys).where(eq(s.keys.id, keyId));
  return row ?? null;
}

/** Audit rows of one target, oldest first. */
export async function auditOf(db: Db, orgId: string, targetId: string): Promise<s.AuditLogRow[]> {
  return db
    .select()
    .from(s.auditLog)
    .where(and(eq(s.auditLog.orgId, orgId), eq(s.auditLog.targetId, targetId)))
    .orderBy(asc(s.auditLog.createdAt));
}

export type KeysChangedCall = { orgId: string; keyIds: string[] | "all" };

/**
 * Records keysChanged notifications (lib/keys/invalidate.ts) for the given organisations only,
 * so another suite's notifications never leak into a test. Call stop() when done.
 */
export function recordKeysChanged(...orgIds: string[]): {
  calls: KeysChangedCall[];
  stop: () => void;
} {
  const calls: KeysChangedCall[] = [];
  const stop = onKeysChanged((orgId, keyIds) => {
    if (orgIds.includes(orgId))
      calls.push({ orgId, keyIds: Array.isArray(keyIds) ? [...keyIds] : keyIds });
  });
  return { calls, stop: () => void stop() };
}

/** True when `needle` appears in any value of any of the rows (as JSON). */
export function rowsContain(rows: unknown[], needle: string): boolean {
  return rows.some((r) => JSON.stringify(r).includes(needle));
}
