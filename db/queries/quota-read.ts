import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../index";
import { quotaUsage } from "../schema";

/** Persisted quota counters of some keys (the gateway writes them behind its live counters). */
export async function listQuotaRows(db: Db, orgId: string, keyIds: string[]) {
  if (keyIds.length === 0) return [];
  return db
    .select({
      keyId: quotaUsage.keyId,
      scope: quotaUsage.scope,
      used: quotaUsage.used,
      renewsAt: quotaUsage.renewsAt,
    })
    .from(quotaUsage)
    .where(and(eq(quotaUsage.orgId, orgId), inArray(quotaUsage.keyId, keyIds)));
}
