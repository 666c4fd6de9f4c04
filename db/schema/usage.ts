import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { apis } from "./catalog";
import { keys } from "./keys";
import { organisations } from "./organisations";

/**
 * Who a per-key rollup row belongs to: organisation, key, developer and API. Only the key and the
 * API are foreign keys: deleting either deletes the rows, and deleting an organisation or a
 * developer deletes their keys, hence the rows. The organisation and the developer are copied from
 * the key by the write that adds the row (db/queries/usage-write.ts), which joins the key within
 * its organisation. Each foreign key is a check per row written (a trigger taking a lock on the
 * parent row): the two redundant ones were about a quarter of the usage write's database time for
 * new keys (R-GW-USAGE, issue 14).
 */
const perKeyColumns = () => ({
  orgId: text().notNull(),
  keyId: text()
    .notNull()
    .references(() => keys.id, { onDelete: "cascade" }),
  // Denormalised so a developer's usage panel reads one index range, not a join.
  developerId: text().notNull(),
  apiId: text()
    .notNull()
    .references(() => apis.id, { onDelete: "cascade" }),
});

/** The three counts every rollup keeps, in the integer type its volume needs. */
const counters = (
  column: () => ReturnType<typeof integer> | ReturnType<typeof bigint<"number">>,
) => ({
  requests: column().notNull().default(0),
  successes: column().notNull().default(0),
  errors: column().notNull().default(0),
});

/** Hourly usage rollups per key and API: the only usage table graphs read. */
export const usageHourly = pgTable(
  "usage_hourly",
  {
    ...perKeyColumns(),
    hour: timestamp({ withTimezone: true }).notNull(),
    ...counters(integer),
  },
  (t) => [
    // Upsert target of the usage flusher; key analytics (R-KEY-ANALYTICS) by key and hour range.
    primaryKey({ columns: [t.keyId, t.hour, t.apiId] }),
    // Developer usage panel / portal dashboard (R-DEV-USAGE, R-PORTAL-DASHBOARD).
    index("usage_hourly_org_developer_hour_idx").on(t.orgId, t.developerId, t.hour),
    // Organisation-wide usage and CSV export (R-USAGE-EXPORT).
    index("usage_hourly_org_hour_idx").on(t.orgId, t.hour),
  ],
);

/**
 * Daily rollups per key and API (UTC days), written in the same statement as usage_hourly
 * (db/queries/usage-write.ts): long ranges by developer or key — top consumers, CSV by day —
 * read 24× fewer rows than the hourly table.
 */
export const usageDaily = pgTable(
  "usage_daily",
  {
    ...perKeyColumns(),
    day: date({ mode: "string" }).notNull(),
    ...counters(integer),
  },
  (t) => [
    // Upsert target of the usage write.
    primaryKey({ columns: [t.keyId, t.day, t.apiId] }),
    // Usage by developer / key over a range, top consumers (R-USAGE-PAGE).
    index("usage_daily_org_day_idx").on(t.orgId, t.day),
  ],
);

/**
 * Organisation-wide daily rollups per API (R-SCALE): the overview's totals and org-wide graphs
 * read a few rows per day whatever the number of developers and keys. Not tied to keys or
 * developers: the calls of a key deleted later stay in the organisation's history.
 */
export const usageOrgDaily = pgTable(
  "usage_org_daily",
  {
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    apiId: text()
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    ...counters(() => bigint({ mode: "number" })),
  },
  // Upsert target, and the range read of the overview and org-wide series: (org, day).
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.apiId] })],
);

/**
 * Refused calls per organisation, API, hour and refusal code (R-USAGE-PAGE: "refusals by code over
 * time"), written in the same transaction as usage_hourly, so for every hour and API the codes add
 * up to the rollups' errors. The code is the gateway's decision code (rate_limited, no_access, …);
 * usage posted by gateways that enforce on their own carries a status instead: "http_<status>".
 * Organisation-wide like usage_org_daily: sparse (only refused calls), a month is a few rows per
 * hour whatever the number of keys.
 */
export const usageRefusalsHourly = pgTable(
  "usage_refusals_hourly",
  {
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    apiId: text()
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    hour: timestamp({ withTimezone: true }).notNull(),
    code: text().notNull(),
    refusals: bigint({ mode: "number" }).notNull().default(0),
  },
  // Upsert target, and the range read of the Usage page: (org, hour).
  (t) => [primaryKey({ columns: [t.orgId, t.hour, t.apiId, t.code] })],
);

/** Batch ids already applied by POST /api/gateway/usage (idempotency). */
export const usageBatches = pgTable(
  "usage_batches",
  {
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    batchId: text().notNull(),
    records: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.batchId] })],
);

export type UsageHourly = typeof usageHourly.$inferSelect;
export type UsageDaily = typeof usageDaily.$inferSelect;
export type UsageOrgDaily = typeof usageOrgDaily.$inferSelect;
export type UsageRefusalsHourly = typeof usageRefusalsHourly.$inferSelect;
