import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../index";
import { type Key, keyPolicies, keys } from "../schema";
import { afterCursor, cursorAt, type CursorPosition, pageOf } from "./cursor";

/**
 * The management API's keys (GET /api/v1/keys…): API keys only — an OAuth client's credential
 * row is the client's, listed with the clients. Every WHERE carries the organisation.
 */

/** A page of keys, newest first (keys_org_created_idx; with a developer, keys_org_developer_idx). */
export async function pageApiKeys(
  db: Db,
  orgId: string,
  f: {
    developerId?: string;
    status?: "active" | "inactive" | "revoked";
    after?: CursorPosition | null;
    limit: number;
  },
) {
  const rows = await db
    .select({ id: keys.id, cursorAt: cursorAt(keys.createdAt), key: keys })
    .from(keys)
    .where(
      and(
        eq(keys.orgId, orgId),
        eq(keys.kind, "key"),
        f.developerId ? eq(keys.developerId, f.developerId) : undefined,
        f.status ? eq(keys.status, f.status) : undefined,
        afterCursor(keys.createdAt, keys.id, f.after),
      ),
    )
    .orderBy(desc(keys.createdAt), desc(keys.id))
    .limit(f.limit + 1);
  return pageOf(rows, f.limit);
}

/** Policy ids of these keys of the organisation (key_policies primary key). */
export async function policyIdsOfKeys(
  db: Db,
  orgId: string,
  keyIds: string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(keyIds.map((id) => [id, []]));
  if (keyIds.length === 0) return map;
  const rows = await db
    .select({ keyId: keyPolicies.keyId, policyId: keyPolicies.policyId })
    .from(keyPolicies)
    .where(and(eq(keyPolicies.orgId, orgId), inArray(keyPolicies.keyId, keyIds)));
  for (const r of rows) map.get(r.keyId)?.push(r.policyId);
  return map;
}

/** One API key of the organisation with its policy ids; null for another org's or a client's row. */
export async function getApiKey(
  db: Db,
  orgId: string,
  keyId: string,
): Promise<{ key: Key; policyIds: string[] } | null> {
  const [key] = await db
    .select()
    .from(keys)
    .where(and(eq(keys.orgId, orgId), eq(keys.id, keyId), eq(keys.kind, "key")))
    .limit(1);
  if (!key) return null;
  return { key, policyIds: (await policyIdsOfKeys(db, orgId, [key.id])).get(key.id) ?? [] };
}
