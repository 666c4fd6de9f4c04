import { and, asc, desc, eq, gte, inArray, lt, sql, sum } from "drizzle-orm";
import type { Db } from "../index";
import { apis, developers, keys, usageDaily, usageHourly, usageRefusalsHourly } from "../schema";
import type { UsageBucketRow } from "./usage-read";

/** A range of the Usage page: hours (usage_hourly) or whole UTC days (usage_daily). */
export type UsagePageRange = { from: Date; to: Date; granularity: "hour" | "day" };
export type Breakdown = "developer" | "key" | "api";

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** One API's rows only (the Usage page's API filter); undefined = every API. */
export type ApiFilter = { apiId?: string };

/** The per-key rollup that serves a range, and the condition selecting the range's rows. */
function source(orgId: string, range: UsagePageRange, { apiId }: ApiFilter) {
  if (range.granularity === "hour")
    return {
      table: usageHourly,
      where: and(
        eq(usageHourly.orgId, orgId),
        gte(usageHourly.hour, range.from),
        lt(usageHourly.hour, range.to),
        apiId ? eq(usageHourly.apiId, apiId) : undefined,
      ),
    };
  return {
    table: usageDaily,
    where: and(
      eq(usageDaily.orgId, orgId),
      gte(usageDaily.day, dayOf(range.from)),
      lt(usageDaily.day, dayOf(range.to)),
      apiId ? eq(usageDaily.apiId, apiId) : undefined,
    ),
  };
}

export type BreakdownRow = {
  id: string;
  label: string;
  /** The key's developer (keys link to their analytics page under the developer). */
  developerId: string | null;
  requests: number;
  successes: number;
  errors: number;
};

/**
 * R-USAGE-PAGE: the busiest developers, keys or APIs of a range (by calls), with what links to
 * them: the developer's email, the key's first characters and developer, the API's name.
 */
export async function usageBreakdown(
  db: Db,
  orgId: string,
  range: UsagePageRange,
  by: Breakdown,
  limit = 10,
  filter: ApiFilter = {},
): Promise<BreakdownRow[]> {
  const { table, where } = source(orgId, range, filter);
  const column = by === "developer" ? table.developerId : by === "key" ? table.keyId : table.apiId;
  const requests = sql<number>`coalesce(${sum(table.requests)}, 0)`.mapWith(Number);
  const rows = await db
    .select({
      id: column,
      requests,
      successes: sql<number>`coalesce(${sum(table.successes)}, 0)`.mapWith(Number),
      errors: sql<number>`coalesce(${sum(table.errors)}, 0)`.mapWith(Number),
    })
    .from(table)
    .where(where)
    .groupBy(column)
    .orderBy(desc(requests), asc(column))
    .limit(limit);
  const ids = rows.map((r) => r.id);
  const labels = new Map<string, { label: string; developerId: string | null }>();
  if (ids.length && by === "developer")
    for (const d of await db
      .select({ id: developers.id, email: developers.email })
      .from(developers)
      .where(and(eq(developers.orgId, orgId), inArray(developers.id, ids))))
      labels.set(d.id, { label: d.email, developerId: d.id });
  if (ids.length && by === "key")
    for (const k of await db
      .select({ id: keys.id, start: keys.start, alias: keys.alias, developerId: keys.developerId })
      .from(keys)
      .where(and(eq(keys.orgId, orgId), inArray(keys.id, ids))))
      labels.set(k.id, {
        label: k.alias ? `${k.start}… (${k.alias})` : `${k.start}…`,
        developerId: k.developerId,
      });
  if (ids.length && by === "api")
    for (const a of await db
      .select({ id: apis.id, name: apis.name })
      .from(apis)
      .where(and(eq(apis.orgId, orgId), inArray(apis.id, ids))))
      labels.set(a.id, { label: a.name, developerId: null });
  return rows.map((r) => ({
    ...r,
    label: labels.get(r.id)?.label ?? "(deleted)",
    developerId: labels.get(r.id)?.developerId ?? null,
  }));
}

/** The organisation's calls per hour of a range, from usage_hourly (index org, hour). */
export function orgHourlySeries(
  db: Db,
  orgId: string,
  range: { from: Date; to: Date },
  { apiId }: ApiFilter = {},
): Promise<UsageBucketRow[]> {
  const t =
    sql<number>`extract(epoch from date_trunc('hour', ${usageHourly.hour}, 'UTC'))::bigint`.mapWith(
      Number,
    );
  return db
    .select({
      t,
      requests: sql<number>`coalesce(${sum(usageHourly.requests)}, 0)`.mapWith(Number),
      successes: sql<number>`coalesce(${sum(usageHourly.successes)}, 0)`.mapWith(Number),
      errors: sql<number>`coalesce(${sum(usageHourly.errors)}, 0)`.mapWith(Number),
    })
    .from(usageHourly)
    .where(
      and(
        eq(usageHourly.orgId, orgId),
        gte(usageHourly.hour, range.from),
        lt(usageHourly.hour, range.to),
        apiId ? eq(usageHourly.apiId, apiId) : undefined,
      ),
    )
    .groupBy(t)
    .orderBy(asc(t));
}

export type RefusalBucketRow = { t: number; code: string; refusals: number };

/**
 * R-USAGE-PAGE: the organisation's refused calls by code, per hour or per UTC day of a range
 * (usage_refusals_hourly, primary key (org, hour, …)); t is the bucket's start in epoch seconds,
 * like the calls series.
 */
export function orgRefusalSeries(
  db: Db,
  orgId: string,
  range: UsagePageRange,
  { apiId }: ApiFilter = {},
): Promise<RefusalBucketRow[]> {
  const unit = range.granularity === "hour" ? sql.raw("'hour'") : sql.raw("'day'");
  const t =
    sql<number>`extract(epoch from date_trunc(${unit}, ${usageRefusalsHourly.hour}, 'UTC'))::bigint`.mapWith(
      Number,
    );
  return db
    .select({
      t,
      code: usageRefusalsHourly.code,
      refusals: sql<number>`coalesce(${sum(usageRefusalsHourly.refusals)}, 0)`.mapWith(Number),
    })
    .from(usageRefusalsHourly)
    .where(
      and(
        eq(usageRefusalsHourly.orgId, orgId),
        gte(usageRefusalsHourly.hour, range.from),
        lt(usageRefusalsHourly.hour, range.to),
        apiId ? eq(usageRefusalsHourly.apiId, apiId) : undefined,
      ),
    )
    .groupBy(t, usageRefusalsHourly.code)
    .orderBy(asc(t), asc(usageRefusalsHourly.code));
}
