import { and, asc, desc, eq, gte, lt, type SQL, sql, sum } from "drizzle-orm";
import type { Db } from "../index";
import { apis, usageDaily, usageHourly, usageOrgDaily } from "../schema";

export type Granularity = "hour" | "day";
export type UsageBucketRow = { t: number; requests: number; successes: number; errors: number };

function bucketExpr(granularity: Granularity) {
  // Buckets in UTC whatever the server's time zone; epoch seconds avoid driver date parsing differences.
  const unit = granularity === "day" ? sql.raw("'day'") : sql.raw("'hour'");
  return sql<number>`extract(epoch from date_trunc(${unit}, ${usageHourly.hour}, 'UTC'))::bigint`.mapWith(
    Number,
  );
}

const totals = {
  requests: sql<number>`coalesce(${sum(usageHourly.requests)}, 0)`.mapWith(Number),
  successes: sql<number>`coalesce(${sum(usageHourly.successes)}, 0)`.mapWith(Number),
  errors: sql<number>`coalesce(${sum(usageHourly.errors)}, 0)`.mapWith(Number),
};

type Range = { from: Date; to: Date; granularity: Granularity };

/** Usage buckets over a range for one developer's or one key's rows. */
function series(db: Db, orgId: string, scope: SQL, range: Range): Promise<UsageBucketRow[]> {
  const bucket = bucketExpr(range.granularity);
  return db
    .select({ t: bucket, ...totals })
    .from(usageHourly)
    .where(
      and(
        eq(usageHourly.orgId, orgId),
        scope,
        gte(usageHourly.hour, range.from),
        lt(usageHourly.hour, range.to),
      ),
    )
    .groupBy(bucket)
    .orderBy(asc(bucket));
}

/** A developer's usage over all their keys (R-DEV-USAGE, R-PORTAL-DASHBOARD): index usage_hourly_org_developer_hour_idx. */
export function developerUsageSeries(db: Db, orgId: string, developerId: string, range: Range) {
  return series(db, orgId, eq(usageHourly.developerId, developerId), range);
}

/** One key's usage (R-KEY-ANALYTICS): primary key range (key_id, hour, api_id). */
export function keyUsageSeries(db: Db, orgId: string, keyId: string, range: Range) {
  return series(db, orgId, eq(usageHourly.keyId, keyId), range);
}

/** One key's usage split by API over a range. */
export async function keyUsageByApi(
  db: Db,
  orgId: string,
  keyId: string,
  range: { from: Date; to: Date },
) {
  return db
    .select({ apiId: usageHourly.apiId, apiName: apis.name, ...totals })
    .from(usageHourly)
    .innerJoin(apis, eq(apis.id, usageHourly.apiId))
    .where(
      and(
        eq(usageHourly.orgId, orgId),
        eq(usageHourly.keyId, keyId),
        gte(usageHourly.hour, range.from),
        lt(usageHourly.hour, range.to),
      ),
    )
    .groupBy(usageHourly.apiId, apis.name)
    .orderBy(desc(totals.requests));
}

/** UTC day of a range bound as `YYYY-MM-DD` (rollup rows are keyed by day). */
function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

type DayRange = { from: Date; to: Date };
/** Days d with from ≤ d < to; both bounds are UTC midnights (usageRange(days, "day") gives them). */
const orgDays = (range: DayRange) =>
  and(gte(usageOrgDaily.day, dayOf(range.from)), lt(usageOrgDaily.day, dayOf(range.to)));

const orgTotals = {
  requests: sql<number>`coalesce(${sum(usageOrgDaily.requests)}, 0)`.mapWith(Number),
  successes: sql<number>`coalesce(${sum(usageOrgDaily.successes)}, 0)`.mapWith(Number),
  errors: sql<number>`coalesce(${sum(usageOrgDaily.errors)}, 0)`.mapWith(Number),
};

/**
 * The organisation's usage per UTC day (R-SCALE, R-USAGE-PAGE), from usage_org_daily: a few rows
 * per day whatever the number of developers. Optionally one API.
 */
export function orgUsageSeries(
  db: Db,
  orgId: string,
  range: DayRange,
  { apiId }: { apiId?: string } = {},
): Promise<UsageBucketRow[]> {
  const t = sql<number>`extract(epoch from ${usageOrgDaily.day}::timestamp)::bigint`.mapWith(
    Number,
  );
  return db
    .select({ t, ...orgTotals })
    .from(usageOrgDaily)
    .where(
      and(
        eq(usageOrgDaily.orgId, orgId),
        orgDays(range),
        apiId ? eq(usageOrgDaily.apiId, apiId) : undefined,
      ),
    )
    .groupBy(usageOrgDaily.day)
    .orderBy(asc(usageOrgDaily.day));
}

/** The organisation's totals over whole UTC days (the overview's tiles). */
export async function orgUsageTotals(db: Db, orgId: string, range: DayRange) {
  const [row] = await db
    .select(orgTotals)
    .from(usageOrgDaily)
    .where(and(eq(usageOrgDaily.orgId, orgId), orgDays(range)));
  return row ?? { requests: 0, successes: 0, errors: 0 };
}

/** The organisation's usage by API over whole UTC days, busiest first. */
export function orgUsageByApi(db: Db, orgId: string, range: DayRange) {
  return db
    .select({ apiId: usageOrgDaily.apiId, apiName: apis.name, ...orgTotals })
    .from(usageOrgDaily)
    .innerJoin(apis, and(eq(apis.id, usageOrgDaily.apiId), eq(apis.orgId, orgId)))
    .where(and(eq(usageOrgDaily.orgId, orgId), orgDays(range)))
    .groupBy(usageOrgDaily.apiId, apis.name)
    .orderBy(desc(orgTotals.requests));
}

/** Top consumers over whole UTC days (R-USAGE-PAGE), from usage_daily: one row per key, API and day. */
export function topDevelopers(db: Db, orgId: string, range: DayRange, limit = 10) {
  const requests = sql<number>`sum(${usageDaily.requests})`.mapWith(Number);
  return db
    .select({
      developerId: usageDaily.developerId,
      requests,
      errors: sql<number>`sum(${usageDaily.errors})`.mapWith(Number),
    })
    .from(usageDaily)
    .where(
      and(
        eq(usageDaily.orgId, orgId),
        gte(usageDaily.day, dayOf(range.from)),
        lt(usageDaily.day, dayOf(range.to)),
      ),
    )
    .groupBy(usageDaily.developerId)
    .orderBy(desc(requests), asc(usageDaily.developerId))
    .limit(limit);
}
