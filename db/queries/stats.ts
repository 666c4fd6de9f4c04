import { and, count, eq } from "drizzle-orm";
import type { Db } from "../index";
import { developers, keyRequests, keys } from "../schema";
import { orgUsageTotals } from "./usage-read";

/**
 * Figures of the admin overview, all scoped to one organisation. Usage covers the last `days`
 * UTC days, today included, from the daily rollups (R-SCALE): a few rows per day, however busy.
 */
export async function getOrgOverview(
  db: Db,
  orgId: string,
  { days = 7, now = new Date() }: { days?: number; now?: Date } = {},
) {
  const to = new Date(Math.floor(now.getTime() / 86400_000) * 86400_000 + 86400_000);
  const from = new Date(to.getTime() - days * 86400_000);
  const [[devs], [activeKeys], [pending], usage] = await Promise.all([
    db.select({ n: count() }).from(developers).where(eq(developers.orgId, orgId)),
    db
      .select({ n: count() })
      .from(keys)
      .where(and(eq(keys.orgId, orgId), eq(keys.status, "active"), eq(keys.kind, "key"))),
    db
      .select({ n: count() })
      .from(keyRequests)
      .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.status, "pending"))),
    orgUsageTotals(db, orgId, { from, to }),
  ]);
  return {
    developers: devs?.n ?? 0,
    activeKeys: activeKeys?.n ?? 0,
    pendingKeyRequests: pending?.n ?? 0,
    requests7d: usage.requests,
    errors7d: usage.errors,
  };
}
