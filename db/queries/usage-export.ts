import { and, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../index";
import { apis, developers, keys, usageDaily } from "../schema";

/**
 * Usage for the management API and its CSV export (R-USAGE-EXPORT): the daily rollups
 * (usage_daily, UTC days) of a date range, summed by any of day / developer / key / API and
 * filtered by developer, key or API. A page is a keyset range over the grouped columns, so a CSV
 * of any range is read in bounded batches. Reads usage_daily_org_day_idx (org, day).
 */
export const USAGE_DIMENSIONS = ["day", "developer", "key", "api"] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

export type UsageFilter = {
  /** Inclusive UTC days, YYYY-MM-DD. */
  from: string;
  to: string;
  developerId?: string;
  keyId?: string;
  apiId?: string;
};

export type UsageRow = {
  day?: string;
  developerId?: string;
  developerEmail?: string | null;
  keyId?: string;
  keyStart?: string | null;
  apiId?: string;
  apiSlug?: string | null;
  requests: number;
  successes: number;
  errors: number;
};

const COLUMN: Record<UsageDimension, SQL> = {
  day: sql`ud.day`,
  developer: sql`ud.developer_id`,
  key: sql`ud.key_id`,
  api: sql`ud.api_id`,
};

/** The grouped columns' values of a row, in USAGE_DIMENSIONS order (the page cursor). */
export function usagePosition(row: UsageRow, dims: UsageDimension[]): string[] {
  const value: Record<UsageDimension, string | undefined> = {
    day: row.day,
    developer: row.developerId,
    key: row.keyId,
    api: row.apiId,
  };
  return dims.map((d) => value[d] ?? "");
}

function where(orgId: string, f: UsageFilter): SQL {
  return and(
    sql`ud.org_id = ${orgId}`,
    sql`ud.day >= ${f.from}::date`,
    sql`ud.day <= ${f.to}::date`,
    f.developerId ? sql`ud.developer_id = ${f.developerId}` : undefined,
    f.keyId ? sql`ud.key_id = ${f.keyId}` : undefined,
    f.apiId ? sql`ud.api_id = ${f.apiId}` : undefined,
  ) as SQL;
}

/**
 * One page of usage rows grouped by `dims` (kept in USAGE_DIMENSIONS order), ordered by them,
 * after `after` (the previous page's last position). Names (developer email, key start, API
 * slug) come with their ids, read from this organisation's rows only.
 */
export async function usagePage(
  db: Db,
  orgId: string,
  f: UsageFilter & { dims: UsageDimension[]; after?: string[] | null; limit: number },
): Promise<{ rows: UsageRow[]; next: string[] | null }> {
  const dims = USAGE_DIMENSIONS.filter((d) => f.dims.includes(d));
  const cols = dims.map((d) => COLUMN[d]);
  const after =
    f.after && f.after.length === dims.length
      ? sql`(${sql.join(cols, sql`, `)}) > (${sql.join(
          dims.map((d, i) => (d === "day" ? sql`${f.after?.[i]}::date` : sql`${f.after?.[i]}`)),
          sql`, `,
        )})`
      : undefined;
  const grouped = sql`select ${sql.join(
    [
      ...dims.map((d) =>
        d === "day"
          ? sql`to_char(ud.day, 'YYYY-MM-DD') as day`
          : sql`${COLUMN[d]} as ${sql.raw(d)}`,
      ),
      sql`sum(ud.requests)::bigint as requests`,
      sql`sum(ud.successes)::bigint as successes`,
      sql`sum(ud.errors)::bigint as errors`,
    ],
    sql`, `,
  )}
    from ${usageDaily} ud
    where ${and(where(orgId, f), after)}
    group by ${sql.join(cols, sql`, `)}
    order by ${sql.join(cols, sql`, `)}
    limit ${f.limit + 1}`;
  // Names joined on the page only (at most `limit` rows), each scoped by the organisation.
  const query = sql`select g.*
      ${dims.includes("developer") ? sql`, d.email as developer_email` : sql``}
      ${dims.includes("key") ? sql`, k.start as key_start` : sql``}
      ${dims.includes("api") ? sql`, a.slug as api_slug` : sql``}
    from (${grouped}) g
      ${dims.includes("developer") ? sql`left join ${developers} d on d.id = g.developer and d.org_id = ${orgId}` : sql``}
      ${dims.includes("key") ? sql`left join ${keys} k on k.id = g.key and k.org_id = ${orgId}` : sql``}
      ${dims.includes("api") ? sql`left join ${apis} a on a.id = g.api and a.org_id = ${orgId}` : sql``}
    order by ${sql.join(
      dims.map((d) => sql.raw(`g.${d}`)),
      sql`, `,
    )}`;
  const result = await db.execute(query);
  const raw = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<
    Record<string, unknown>
  >;
  const rows: UsageRow[] = raw.map((r) => ({
    ...(dims.includes("day") ? { day: String(r.day) } : {}),
    ...(dims.includes("developer")
      ? {
          developerId: String(r.developer),
          developerEmail: (r.developer_email as string | null) ?? null,
        }
      : {}),
    ...(dims.includes("key")
      ? { keyId: String(r.key), keyStart: (r.key_start as string | null) ?? null }
      : {}),
    ...(dims.includes("api")
      ? { apiId: String(r.api), apiSlug: (r.api_slug as string | null) ?? null }
      : {}),
    requests: Number(r.requests),
    successes: Number(r.successes),
    errors: Number(r.errors),
  }));
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    next: rows.length > f.limit && last ? usagePosition(last, dims) : null,
  };
}

/** The sums over the whole filter (every page together). */
export async function usageTotals(db: Db, orgId: string, f: UsageFilter) {
  const [row] = await db
    .select({
      requests: sql<number>`coalesce(sum(${usageDaily.requests}), 0)::bigint`.mapWith(Number),
      successes: sql<number>`coalesce(sum(${usageDaily.successes}), 0)::bigint`.mapWith(Number),
      errors: sql<number>`coalesce(sum(${usageDaily.errors}), 0)::bigint`.mapWith(Number),
    })
    .from(usageDaily)
    .where(
      and(
        eq(usageDaily.orgId, orgId),
        gte(usageDaily.day, f.from),
        lte(usageDaily.day, f.to),
        f.developerId ? eq(usageDaily.developerId, f.developerId) : undefined,
        f.keyId ? eq(usageDaily.keyId, f.keyId) : undefined,
        f.apiId ? eq(usageDaily.apiId, f.apiId) : undefined,
      ),
    );
  return row ?? { requests: 0, successes: 0, errors: 0 };
}
