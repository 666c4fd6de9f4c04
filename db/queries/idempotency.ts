import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../index";
import { apiIdempotency } from "../schema";

/** How long a stored answer is replayed (and how long a key cannot be reused for another request). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600_000;

/**
 * Claims (token, key) for a request: the new row (status null: in flight), or null when the key
 * is already taken. Rows past retention are deleted first, so an expired key is claimed anew.
 */
export async function claimIdempotencyKey(
  db: Db,
  orgId: string,
  values: { tokenId: string; key: string; method: string; path: string; requestHash: string },
  now: Date,
) {
  const expired = new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS);
  await db
    .delete(apiIdempotency)
    .where(and(eq(apiIdempotency.tokenId, values.tokenId), lt(apiIdempotency.createdAt, expired)));
  const [row] = await db
    .insert(apiIdempotency)
    .values({ ...values, orgId, createdAt: now })
    .onConflictDoNothing({ target: [apiIdempotency.tokenId, apiIdempotency.key] })
    .returning();
  return row ?? null;
}

export async function getIdempotencyRecord(db: Db, orgId: string, tokenId: string, key: string) {
  const [row] = await db
    .select()
    .from(apiIdempotency)
    .where(
      and(
        eq(apiIdempotency.orgId, orgId),
        eq(apiIdempotency.tokenId, tokenId),
        eq(apiIdempotency.key, key),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function completeIdempotencyKey(
  db: Db,
  orgId: string,
  tokenId: string,
  key: string,
  response: { status: number; body: unknown },
) {
  await db
    .update(apiIdempotency)
    .set({ status: response.status, responseBody: response.body })
    .where(
      and(
        eq(apiIdempotency.orgId, orgId),
        eq(apiIdempotency.tokenId, tokenId),
        eq(apiIdempotency.key, key),
      ),
    );
}

/** Frees a key whose request failed on our side (5xx): the client's retry runs again. */
export async function releaseIdempotencyKey(db: Db, orgId: string, tokenId: string, key: string) {
  await db
    .delete(apiIdempotency)
    .where(
      and(
        eq(apiIdempotency.orgId, orgId),
        eq(apiIdempotency.tokenId, tokenId),
        eq(apiIdempotency.key, key),
      ),
    );
}

/** Sweep for a scheduler: every row past retention (the claim also sweeps its own token's). */
export async function deleteExpiredIdempotencyKeys(db: Db, now: Date) {
  await db
    .delete(apiIdempotency)
    .where(lt(apiIdempotency.createdAt, new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS)));
}
