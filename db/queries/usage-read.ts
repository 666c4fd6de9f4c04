import { and, asc, desc, eq, gte, lt, type SQL, sql, sum } from "drizzle-orm";
import type { Db } from "../index";
import { apis, usageHourly } from "../schema";

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
