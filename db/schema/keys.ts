import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { newId } from "@/lib/ids";
import { createdAt, timestamps, tz } from "./columns";
import { catalogEntries, policies } from "./catalog";
import { oauthClients } from "./oauth";
import { organisations } from "./organisations";
import { adminUsers, developers } from "./users";

export const keyStatusEnum = pgEnum("key_status", ["active", "inactive", "revoked"]);
/** "oauth_client": the credential row behind an OAuth client (its policies, quota and usage). */
export const keyKindEnum = pgEnum("key_kind", ["key", "oauth_client"]);
export const keyRequestStatusEnum = pgEnum("key_request_status", [
  "pending",
  "approved",
  "declined",
]);

export const keys = pgTable(
  "keys",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("key")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    developerId: text()
      .notNull()
      .references(() => developers.id, { onDelete: "cascade" }),
    // SHA-256 (hex) of the full key; the plaintext is shown once and never stored.
    hash: text().notNull(),
    // First characters, for display ("gh_3hK9…").
    start: text().notNull(),
    alias: text(),
    status: keyStatusEnum().notNull().default("active"),
    expiresAt: tz(),
    lastUsedAt: tz(),
    revokedAt: tz(),
    kind: keyKindEnum().notNull().default("key"),
    // R-KEY-IP-ALLOW: addresses / CIDRs (IPv4, IPv6) the key may be used from; empty = anywhere.
    allowedIps: text().array().notNull().default([]),
    // R-KEY-ROTATE: after a roll, the replaced key's hash stays valid for this key (same id, policies,
    // quota and usage series) until previousHashEndsAt.
    previousHash: text(),
    previousStart: text(),
    previousHashEndsAt: tz(),
    ...timestamps,
  },
  (t) => [
    // Gateway verification: hash → key, on every API call.
    uniqueIndex("keys_hash_uq").on(t.hash),
    // Gateway verification of a rolled key's old value during its grace period.
    uniqueIndex("keys_previous_hash_uq")
      .on(t.previousHash)
      .where(sql`${t.previousHash} is not null`),
    // Keys panel of a developer; key counts of the developers list's page.
    index("keys_org_developer_idx").on(t.orgId, t.developerId),
    // Organisation-wide keys list, newest first (admin "Keys"): a page is an index range.
    index("keys_org_created_idx").on(
      t.orgId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Active-key count of the overview, status filter of the keys list.
    index("keys_org_status_idx").on(t.orgId, t.status),
    // Keys list search: by alias (trigrams, ILIKE '%…%') and by the key's first characters.
    index("keys_alias_trgm_idx").using("gin", t.alias.op("gin_trgm_ops")),
    index("keys_org_start_idx").on(t.orgId, t.start.op("text_pattern_ops")),
  ],
);

/** A key may carry several policies (R-DEV-KEYS). */
export const keyPolicies = pgTable(
  "key_policies",
  {
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    keyId: text()
      .notNull()
      .references(() => keys.id, { onDelete: "cascade" }),
    policyId: text()
      .notNull()
      .references(() => policies.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.keyId, t.policyId] }),
    // Editing a policy invalidates the cached limits of every key that carries it.
    index("key_policies_policy_idx").on(t.policyId),
  ],
);

export const keyRequests = pgTable(
  "key_requests",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("kreq")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    developerId: text()
      .notNull()
      .references(() => developers.id, { onDelete: "cascade" }),
    catalogEntryId: text()
      .notNull()
      .references(() => catalogEntries.id, { onDelete: "cascade" }),
    policyIds: text().array().notNull(),
    reasonAnswers: jsonb().$type<Record<string, string | boolean>>().notNull().default({}),
    status: keyRequestStatusEnum().notNull().default("pending"),
    decidedByAdminId: text().references(() => adminUsers.id, { onDelete: "set null" }),
    // "api_token:<id>" when a third party decided through the management API.
    decidedBy: text(),
    decidedAt: tz(),
    declineReason: text(),
    keyId: text().references(() => keys.id, { onDelete: "set null" }),
    // Set instead of keyId when the catalog entry's API uses OAuth (R-OAUTH-CLIENTS).
    oauthClientId: text().references((): AnyPgColumn => oauthClients.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    // Admin "Key requests" list: by status, newest first, and the pending badge count.
    index("key_requests_org_status_idx").on(
      t.orgId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // One pending request per developer and catalog entry (tyk#2274).
    uniqueIndex("key_requests_one_pending_uq")
      .on(t.orgId, t.developerId, t.catalogEntryId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * R-QUOTA-ALERTS: one row per threshold reached per quota period of a key and scope, so each
 * threshold emails the developer (and fires quota.threshold) once per period.
 */
export const quotaAlerts = pgTable(
  "quota_alerts",
  {
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    keyId: text()
      .notNull()
      .references(() => keys.id, { onDelete: "cascade" }),
    scope: text().notNull(),
    // The period is identified by its renewal time.
    renewsAt: tz().notNull(),
    threshold: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.scope, t.renewsAt, t.threshold] })],
);

/**
 * Persisted quota usage per key and scope, so a restart does not reset a developer's quota. The
 * organisation is the key's (the write joins the key within it) and not a foreign key of its own:
 * the key's cascade covers an organisation's deletion, and one check per row written is enough.
 */
export const quotaUsage = pgTable(
  "quota_usage",
  {
    orgId: text().notNull(),
    keyId: text()
      .notNull()
      .references(() => keys.id, { onDelete: "cascade" }),
    // API id, or "*" for a quota shared across APIs.
    scope: text().notNull(),
    used: integer().notNull().default(0),
    renewsAt: tz().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.keyId, t.scope] })],
);

export type Key = typeof keys.$inferSelect;
export type KeyPolicy = typeof keyPolicies.$inferSelect;
export type KeyRequest = typeof keyRequests.$inferSelect;
export type QuotaUsage = typeof quotaUsage.$inferSelect;
export type QuotaAlert = typeof quotaAlerts.$inferSelect;
