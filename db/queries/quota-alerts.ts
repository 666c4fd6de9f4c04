import { and, eq, gt, gte } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { developers, keys, organisations, quotaAlerts, quotaUsage } from "../schema";

/**
 * Developers whose quota counters moved since `since` in a live period (R-QUOTA-ALERTS): the
 * ones the sweep looks at. Reads the quota rows the gateway writes behind.
 */
export async function developersWithQuotaActivity(db: Db, since: Date, now: Date, orgId?: string) {
  return db
    .selectDistinct({ orgId: keys.orgId, developerId: keys.developerId })
    .from(quotaUsage)
    .innerJoin(keys, eq(keys.id, quotaUsage.keyId))
    .innerJoin(organisations, eq(organisations.id, keys.orgId))
    .innerJoin(developers, eq(developers.id, keys.developerId))
    .where(
      and(
        gte(quotaUsage.updatedAt, since),
        gt(quotaUsage.renewsAt, now),
        gt(quotaUsage.used, 0),
        eq(keys.status, "active"),
        eq(developers.status, "active"),
        orgId ? eq(keys.orgId, orgId) : undefined,
      ),
    );
}

/** Records that `threshold` was reached in a period; false when it was already (told once). */
export async function claimQuotaAlert(
  db: Db | Tx,
  row: { orgId: string; keyId: string; scope: string; renewsAt: Date; threshold: number },
): Promise<boolean> {
  const inserted = await db
    .insert(quotaAlerts)
    .values(row)
    .onConflictDoNothing()
    .returning({ keyId: quotaAlerts.keyId });
  return inserted.length > 0;
}
