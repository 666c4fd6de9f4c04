import { and, asc, count, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { escapeLike } from "./like";
import { catalogEntries, developers, keyPolicies, keys, policies } from "../schema";

export type KeyPolicyView = {
  policyId: string;
  policyName: string;
  isInactive: boolean;
  catalogEntries: string[];
};
export type KeyView = typeof keys.$inferSelect & { policies: KeyPolicyView[] };

/** Policy id → names of the catalog entries publishing it (empty: "(No Catalog Entry)"). */
async function catalogNamesByPolicy(db: Db | Tx, orgId: string, policyIds: string[]) {
  const map = new Map<string, string[]>();
  if (policyIds.length === 0) return map;
  const rows = await db
    .select({ policyId: catalogEntries.policyId, name: catalogEntries.name })
    .from(catalogEntries)
    .where(and(eq(catalogEntries.orgId, orgId), inArray(catalogEntries.policyId, policyIds)))
    .orderBy(asc(catalogEntries.name));
  for (const r of rows) map.set(r.policyId, [...(map.get(r.policyId) ?? []), r.name]);
  return map;
}

async function attachPolicies(
  db: Db | Tx,
  orgId: string,
  keyRows: Array<typeof keys.$inferSelect>,
): Promise<KeyView[]> {
  if (keyRows.length === 0) return [];
  const links = await db
    .select({
      keyId: keyPolicies.keyId,
      policyId: policies.id,
      policyName: policies.name,
      isInactive: policies.isInactive,
    })
    .from(keyPolicies)
    .innerJoin(policies, eq(policies.id, keyPolicies.policyId))
    .where(
      and(
        eq(keyPolicies.orgId, orgId),
        inArray(
          keyPolicies.keyId,
          keyRows.map((k) => k.id),
        ),
      ),
    )
    .orderBy(asc(policies.name));
  const names = await catalogNamesByPolicy(db, orgId, [...new Set(links.map((l) => l.policyId))]);
  return keyRows.map((k) => ({
    ...k,
    policies: links
      .filter((l) => l.keyId === k.id)
      .map((l) => ({
        policyId: l.policyId,
        policyName: l.policyName,
        isInactive: l.isInactive,
        catalogEntries: names.get(l.policyId) ?? [],
      })),
  }));
}

/** Keys panel of a developer (R-DEV-KEYS): every key, newest first, with its policies. */
export async function listDeveloperKeys(
  db: Db,
  orgId: string,
  developerId: string,
): Promise<KeyView[]> {
  const rows = await db
    .select()
    .from(keys)
    // OAuth clients' credential rows are listed as clients (db/queries/oauth.ts), not as keys.
    .where(and(eq(keys.orgId, orgId), eq(keys.developerId, developerId), eq(keys.kind, "key")))
    .orderBy(desc(keys.createdAt), desc(keys.id));
  return attachPolicies(db, orgId, rows);
}

export async function getKeyView(db: Db, orgId: string, keyId: string): Promise<KeyView | null> {
  const [row] = await db
    .select()
    .from(keys)
    .where(and(eq(keys.orgId, orgId), eq(keys.id, keyId)))
    .limit(1);
  if (!row) return null;
  const [view] = await attachPolicies(db, orgId, [row]);
  return view ?? null;
}

/** Policies an admin can attach to a key, with limits and the catalog entries that publish them (the "New key" picker). */
export async function listKeyPolicyOptions(db: Db, orgId: string) {
  const rows = await db
    .select({
      id: policies.id,
      name: policies.name,
      isInactive: policies.isInactive,
      rate: policies.rate,
      per: policies.per,
      quotaMax: policies.quotaMax,
      quotaRenewalSeconds: policies.quotaRenewalSeconds,
    })
    .from(policies)
    .where(eq(policies.orgId, orgId))
    .orderBy(asc(policies.name));
  const names = await catalogNamesByPolicy(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, catalogEntries: names.get(r.id) ?? [] }));
}

/** The organisation's policies among these ids (a foreign or unknown id is simply absent). */
export async function getOrgPolicies(db: Db | Tx, orgId: string, policyIds: string[]) {
  if (policyIds.length === 0) return [];
  return db
    .select({
      id: policies.id,
      name: policies.name,
      keyExpiresInSeconds: policies.keyExpiresInSeconds,
      isInactive: policies.isInactive,
    })
    .from(policies)
    .where(and(eq(policies.orgId, orgId), inArray(policies.id, policyIds)));
}

export async function insertKey(
  tx: Db | Tx,
  orgId: string,
  values: {
    developerId: string;
    hash: string;
    start: string;
    alias: string | null;
    expiresAt: Date | null;
  },
  policyIds: string[],
) {
  const [key] = await tx
    .insert(keys)
    .values({ ...values, orgId })
    .returning();
  if (!key) throw new Error("key insert returned nothing");
  await tx
    .insert(keyPolicies)
    .values(policyIds.map((policyId) => ({ orgId, keyId: key.id, policyId })));
  return key;
}

/** Replaces a key's policies (R-KEY-POLICY-CHANGE); returns false when the key is not the org's. */
export async function replaceKeyPolicies(
  tx: Db | Tx,
  orgId: string,
  keyId: string,
  policyIds: string[],
) {
  const [key] = await tx
    .update(keys)
    .set({ updatedAt: new Date() })
    .where(and(eq(keys.orgId, orgId), eq(keys.id, keyId), ne(keys.status, "revoked")))
    .returning({ id: keys.id });
  if (!key) return false;
  await tx
    .delete(keyPolicies)
    .where(and(eq(keyPolicies.orgId, orgId), eq(keyPolicies.keyId, keyId)));
  await tx.insert(keyPolicies).values(policyIds.map((policyId) => ({ orgId, keyId, policyId })));
  return true;
}

/**
 * Rolls a key (R-KEY-ROTATE): the same row gets a new hash and start; the hash it had moves to
 * previous_hash until `previousEndsAt` (null: no grace, the old value stops at once). A previous
 * value of an earlier roll is replaced: one old value at a time. Only live API keys of this
 * organisation (and of `developerId`, when given) roll; null otherwise.
 */
export async function rollKeyRow(
  tx: Db | Tx,
  orgId: string,
  keyId: string,
  next: { hash: string; start: string; previousEndsAt: Date | null; developerId?: string },
) {
  const grace = next.previousEndsAt !== null;
  const [row] = await tx
    .update(keys)
    .set({
      hash: next.hash,
      start: next.start,
      // The right-hand sides read the row as it was before this update.
      previousHash: grace ? sql`${keys.hash}` : null,
      previousStart: grace ? sql`${keys.start}` : null,
      previousHashEndsAt: next.previousEndsAt,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(keys.orgId, orgId),
        eq(keys.id, keyId),
        eq(keys.kind, "key"),
        ne(keys.status, "revoked"),
        next.developerId ? eq(keys.developerId, next.developerId) : undefined,
      ),
    )
    .returning({
      id: keys.id,
      developerId: keys.developerId,
      previousStart: keys.previousStart,
      previousHashEndsAt: keys.previousHashEndsAt,
    });
  return row ?? null;
}

export async function revokeKeyRow(db: Db | Tx, orgId: string, keyId: string) {
  const rows = await db
    .update(keys)
    .set({ status: "revoked", revokedAt: new Date() })
    .where(and(eq(keys.orgId, orgId), eq(keys.id, keyId), ne(keys.status, "revoked")))
    .returning({ id: keys.id, developerId: keys.developerId });
  return rows[0] ?? null;
}

export async function revokeDeveloperKeys(db: Db | Tx, orgId: string, developerId: string) {
  const rows = await db
    .update(keys)
    .set({ status: "revoked", revokedAt: new Date() })
    .where(
      and(eq(keys.orgId, orgId), eq(keys.developerId, developerId), ne(keys.status, "revoked")),
    )
    .returning({ id: keys.id });
  return rows.map((r) => r.id);
}

/** Organisation-wide keys list (admin "Keys"), newest first, filtered by status and developer email / alias / key start. */
export async function listOrgKeys(
  db: Db,
  orgId: string,
  {
    search = "",
    status,
    page = 1,
    pageSize = 25,
  }: {
    search?: string;
    status?: "active" | "inactive" | "revoked";
    page?: number;
    pageSize?: number;
  },
) {
  const text = search.trim();
  const q = escapeLike(text.toLowerCase());
  // Each branch of the search is an index lookup (trigrams on developers.email and keys.alias,
  // prefix on keys.start); their union names the matching keys, so a page never joins or scans
  // the organisation's keys as a whole (R-SCALE).
  const matching = q
    ? sql`${keys.id} in (
        select k.id from ${keys} k join ${developers} d on d.id = k.developer_id
          where d.org_id = ${orgId} and k.org_id = ${orgId} and d.email like ${`%${q}%`}
        union all
        select id from ${keys} where org_id = ${orgId} and alias ilike ${`%${q}%`}
        union all
        select id from ${keys} where org_id = ${orgId} and start like ${`${escapeLike(text)}%`})`
    : undefined;
  const where = and(
    eq(keys.orgId, orgId),
    eq(keys.kind, "key"),
    status ? eq(keys.status, status) : undefined,
    matching,
  );
  const [page_, [total]] = await Promise.all([
    db
      .select()
      .from(keys)
      .where(where)
      .orderBy(desc(keys.createdAt), desc(keys.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(keys).where(where),
  ]);
  const emails = new Map(
    page_.length === 0
      ? []
      : (
          await db
            .select({ id: developers.id, email: developers.email })
            .from(developers)
            .where(
              and(
                eq(developers.orgId, orgId),
                inArray(developers.id, [...new Set(page_.map((k) => k.developerId))]),
              ),
            )
        ).map((d) => [d.id, d.email]),
  );
  const rows = page_.map((key) => ({ key, developerEmail: emails.get(key.developerId) ?? "" }));
  const views = await attachPolicies(
    db,
    orgId,
    rows.map((r) => r.key),
  );
  return {
    rows: views.map((v, i) => ({ ...v, developerEmail: rows[i]?.developerEmail ?? "" })),
    total: total?.n ?? 0,
  };
}

/** R-KEY-IP-ALLOW: a live key's allowed addresses (optionally only if it is this developer's). */
export async function setKeyAllowedIps(
  db: Db | Tx,
  orgId: string,
  keyId: string,
  allowedIps: string[],
  developerId?: string,
): Promise<boolean> {
  const rows = await db
    .update(keys)
    .set({ allowedIps })
    .where(
      and(
        eq(keys.orgId, orgId),
        eq(keys.id, keyId),
        eq(keys.kind, "key"),
        ne(keys.status, "revoked"),
        developerId ? eq(keys.developerId, developerId) : undefined,
      ),
    )
    .returning({ id: keys.id });
  return rows.length > 0;
}
