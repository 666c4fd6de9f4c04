import { sql } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { usageBatches } from "../schema";
import { arrayLiteral } from "./array-literal";

export { arrayLiteral };

/**
 * Write side of usage: hourly and daily rollups, keys.last_used_at and quota counters, written in batches
 * by the gateway's flusher (never a row per call). Each row carries its organisation.
 */

export type UsageRow = {
  orgId: string;
  keyId: string;
  apiId: string;
  /** Start of the UTC hour. */
  hour: Date;
  requests: number;
  successes: number;
  errors: number;
  /**
   * The errors by refusal code (R-USAGE-PAGE), null when none was recorded by code. Counts here
   * add up to at most `errors`.
   */
  refusals?: Map<string, number> | null;
};

/** Rows per statement: the columns travel as one array parameter each (unnest), so a chunk is
 * one short, constant statement text — prepared once — whatever its size. */
const CHUNK = 5000;

type ColumnType = "text" | "int" | "bigint" | "timestamptz";

/**
 * The rows of a chunk as a table: `unnest(col1, col2, …)`, each column one parameter (an array
 * literal cast to its type), in the order given.
 */
function unnestOf<T>(rows: T[], columns: Array<[(row: T) => string | number, ColumnType]>) {
  return sql`unnest(${sql.join(
    columns.map(([pick, type]) => sql`${arrayLiteral(rows.map(pick))}::${sql.raw(type)}[]`),
    sql`, `,
  )})`;
}

const chunks = <T>(rows: T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
};

/**
 * Adds the counts to usage_hourly and to the daily rollups usage_daily (per key and API) and
 * usage_org_daily (per organisation and API), all in one statement per chunk, so the three can
 * never disagree (R-SCALE): a batch is counted in all of them or in none. Rows must be unique per
 * (key, hour, API). The rows are joined to keys and apis of the same organisation: counts of a key
 * or API deleted since the call are dropped instead of failing the whole batch on a foreign key,
 * and the developer id is taken from the key itself. Days are UTC days.
 */
export async function addUsageHourly(db: Db | Tx, rows: UsageRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    const values = unnestOf(part, [
      [(r) => r.orgId, "text"],
      [(r) => r.keyId, "text"],
      [(r) => r.apiId, "text"],
      [(r) => r.hour.toISOString(), "timestamptz"],
      [(r) => r.requests, "int"],
      [(r) => r.successes, "int"],
      [(r) => r.errors, "int"],
    ]);
    await db.execute(sql`
      with v as (
        select v.org_id, v.key_id, k.developer_id, v.api_id, v.hour,
               (v.hour at time zone 'UTC')::date as day, v.requests, v.successes, v.errors
        from ${values} as v(org_id, key_id, api_id, hour, requests, successes, errors)
        join keys k on k.id = v.key_id and k.org_id = v.org_id
        join apis a on a.id = v.api_id and a.org_id = v.org_id
      ),
      hourly as (
        insert into usage_hourly (org_id, key_id, developer_id, api_id, hour, requests, successes, errors)
        select org_id, key_id, developer_id, api_id, hour, requests, successes, errors from v
        on conflict (key_id, hour, api_id) do update set
          requests = usage_hourly.requests + excluded.requests,
          successes = usage_hourly.successes + excluded.successes,
          errors = usage_hourly.errors + excluded.errors
      ),
      daily as (
        insert into usage_daily (org_id, key_id, developer_id, api_id, day, requests, successes, errors)
        select org_id, key_id, developer_id, api_id, day, sum(requests), sum(successes), sum(errors)
        from v group by org_id, key_id, developer_id, api_id, day
        order by key_id, day, api_id
        on conflict (key_id, day, api_id) do update set
          requests = usage_daily.requests + excluded.requests,
          successes = usage_daily.successes + excluded.successes,
          errors = usage_daily.errors + excluded.errors
      )
      insert into usage_org_daily (org_id, api_id, day, requests, successes, errors)
      select org_id, api_id, day, sum(requests), sum(successes), sum(errors)
      from v group by org_id, api_id, day
      -- A stable lock order: concurrent flushes of several instances queue instead of deadlocking.
      order by org_id, day, api_id
      on conflict (org_id, day, api_id) do update set
        requests = usage_org_daily.requests + excluded.requests,
        successes = usage_org_daily.successes + excluded.successes,
        errors = usage_org_daily.errors + excluded.errors`);
  }
  await addUsageRefusals(db, rows);
}

/**
 * The refusal codes of usage rows into usage_refusals_hourly, joined to keys and APIs like the
 * rollups above, so a count dropped there (deleted key or API) is dropped here too. Call within
 * the rollups' transaction.
 */
async function addUsageRefusals(db: Db | Tx, rows: UsageRow[]): Promise<void> {
  const tuples: Array<[UsageRow, string, number]> = [];
  for (const r of rows)
    if (r.refusals) for (const [code, n] of r.refusals) if (n > 0) tuples.push([r, code, n]);
  for (const part of chunks(tuples)) {
    const values = unnestOf(part, [
      [([r]) => r.orgId, "text"],
      [([r]) => r.keyId, "text"],
      [([r]) => r.apiId, "text"],
      [([r]) => r.hour.toISOString(), "timestamptz"],
      [([, code]) => code, "text"],
      [([, , n]) => n, "bigint"],
    ]);
    await db.execute(sql`
      insert into usage_refusals_hourly (org_id, api_id, hour, code, refusals)
      select v.org_id, v.api_id, v.hour, v.code, sum(v.n)
      from ${values} as v(org_id, key_id, api_id, hour, code, n)
      join keys k on k.id = v.key_id and k.org_id = v.org_id
      join apis a on a.id = v.api_id and a.org_id = v.org_id
      group by v.org_id, v.api_id, v.hour, v.code
      order by v.org_id, v.hour, v.api_id, v.code
      on conflict (org_id, hour, api_id, code) do update set
        refusals = usage_refusals_hourly.refusals + excluded.refusals`);
  }
}

/**
 * Rebuilds the daily rollups of an organisation from its hourly rows, for the UTC days touched by
 * [from, to): for data written straight into usage_hourly (the demo seed, imports). The gateway
 * path never needs it: addUsageHourly keeps them in step.
 */
export async function rebuildUsageDaily(
  db: Db | Tx,
  orgId: string,
  range: { from: Date; to: Date },
): Promise<void> {
  const from = sql`(${range.from.toISOString()}::timestamptz at time zone 'UTC')::date`;
  const to = sql`((${range.to.toISOString()}::timestamptz - interval '1 microsecond') at time zone 'UTC')::date`;
  const hours = sql`hour >= (${from})::timestamp at time zone 'UTC' and hour < (${to} + 1)::timestamp at time zone 'UTC'`;
  await db.execute(
    sql`delete from usage_daily where org_id = ${orgId} and day between ${from} and ${to}`,
  );
  await db.execute(
    sql`delete from usage_org_daily where org_id = ${orgId} and day between ${from} and ${to}`,
  );
  await db.execute(sql`
    insert into usage_daily (org_id, key_id, developer_id, api_id, day, requests, successes, errors)
    select org_id, key_id, developer_id, api_id, (hour at time zone 'UTC')::date,
           sum(requests), sum(successes), sum(errors)
    from usage_hourly where org_id = ${orgId} and ${hours}
    group by 1, 2, 3, 4, 5`);
  await db.execute(sql`
    insert into usage_org_daily (org_id, api_id, day, requests, successes, errors)
    select org_id, api_id, day, sum(requests), sum(successes), sum(errors)
    from usage_daily where org_id = ${orgId} and day between ${from} and ${to}
    group by 1, 2, 3`);
}

/** Moves keys.last_used_at forward (never back: batches from several instances may arrive out of order). */
export async function touchKeysLastUsed(
  db: Db | Tx,
  rows: Array<{ orgId: string; keyId: string; at: Date }>,
): Promise<void> {
  for (const part of chunks(rows)) {
    const values = unnestOf(part, [
      [(r) => r.keyId, "text"],
      [(r) => r.orgId, "text"],
      [(r) => r.at.toISOString(), "timestamptz"],
    ]);
    await db.execute(sql`
      update keys set last_used_at = v.at
      from ${values} as v(id, org_id, at)
      where keys.id = v.id and keys.org_id = v.org_id
        and (keys.last_used_at is null or keys.last_used_at < v.at)`);
  }
}

export type QuotaDelta = {
  orgId: string;
  keyId: string;
  scope: string;
  delta: number;
  renewsAt: Date;
};

/**
 * Adds quota units consumed since the last flush. The period is named by its renewal time: a
 * delta of the stored period adds, a delta of a newer period starts it, a late delta of an
 * older period is dropped (that period's units no longer matter). Rows unique per (key, scope).
 */
export async function addQuotaUsage(db: Db | Tx, rows: QuotaDelta[]): Promise<void> {
  for (const part of chunks(rows)) {
    const values = unnestOf(part, [
      [(r) => r.orgId, "text"],
      [(r) => r.keyId, "text"],
      [(r) => r.scope, "text"],
      [(r) => r.delta, "int"],
      [(r) => r.renewsAt.toISOString(), "timestamptz"],
    ]);
    // Joined to keys for the same reason as usage: a deleted key's delta is dropped, not an error.
    await db.execute(sql`
      insert into quota_usage (org_id, key_id, scope, used, renews_at)
      select v.org_id, v.key_id, v.scope, v.used, v.renews_at
      from ${values} as v(org_id, key_id, scope, used, renews_at)
      join keys k on k.id = v.key_id and k.org_id = v.org_id
      on conflict (key_id, scope) do update set
        used = case
          when quota_usage.renews_at = excluded.renews_at then quota_usage.used + excluded.used
          when quota_usage.renews_at < excluded.renews_at then excluded.used
          else quota_usage.used end,
        renews_at = greatest(quota_usage.renews_at, excluded.renews_at),
        updated_at = now()`);
  }
}

/** Records a posted batch id; false when this organisation already applied it (idempotency). */
export async function claimUsageBatch(
  tx: Db | Tx,
  orgId: string,
  batchId: string,
  records: number,
): Promise<boolean> {
  const rows = await tx
    .insert(usageBatches)
    .values({ orgId, batchId, records })
    .onConflictDoNothing({ target: [usageBatches.orgId, usageBatches.batchId] })
    .returning({ batchId: usageBatches.batchId });
  return rows.length > 0;
}
