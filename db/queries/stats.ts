import { and, count, eq, gte, sum } from "drizzle-orm";
import type { Db } from "../index";
import { developers, keyRequests, keys, usageHourly } from "../schema";

/** Figures of the admin overview, all scoped to one organisation. */
export async function getOrgOverview(db: Db, orgId: string, { days = 7 } = {}) {
  const since = new Date(Date.now() - days * 86400_000);
  const [[devs], [activeKeys], [pending], [usage]] = await Promise.all([
    db.select({ n: count() }).from(developers).where(eq(developers.orgId, orgId)),
    db
      .select({ n: count() })
      .from(keys)
      .where(and(eq(keys.orgId, orgId), eq(keys.status, "active"))),
    db
      .select({ n: count() })
      .from(keyRequests)
      .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.status, "pending"))),
    db
      .select({ requests: sum(usageHourly.requests), errors: sum(usageHourly.errors) })
      .from(usageHourly)
      .where(and(eq(usageHourly.orgId, orgId), gte(usageHourly.hour, since))),
  ]);
  return {
    developers: devs?.n ?? 0,
    activeKeys: activeKeys?.n ?? 0,
    pendingKeyRequests: pending?.n ?? 0,
    requests7d: Number(usage?.requests ?? 0),
    errors7d: Number(usage?.errors ?? 0),
  };
}
