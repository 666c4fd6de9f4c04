import {
  boolean,
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
import { organisations } from "./organisations";
import { adminUsers } from "./users";

export const authTokenKindEnum = pgEnum("auth_token_kind", [
  "password_reset",
  "invitation",
  "email_verification",
  "key_generation",
  // R-SEC-EMAIL-CHANGE: confirms a new address (data.newEmail); "this wasn't me" from the old one.
  "email_change",
  "security_alert",
]);
export const subjectTypeEnum = pgEnum("subject_type", ["admin", "developer"]);

/** Single-use, expiring links (reset, invitation, verification, "Generate key"); hashed. */
export const authTokens = pgTable(
  "auth_tokens",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("tok")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: authTokenKindEnum().notNull(),
    subjectType: subjectTypeEnum().notNull().default("developer"),
    subjectId: text().notNull(),
    tokenHash: text().notNull(),
    // e.g. the key request a "Generate key" link completes.
    data: jsonb().$type<Record<string, string>>().notNull().default({}),
    expiresAt: tz().notNull(),
    usedAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    // Link follow: token hash → row.
    uniqueIndex("auth_tokens_hash_uq").on(t.tokenHash),
    // Invalidate a subject's earlier tokens of a kind when a new one is issued.
    index("auth_tokens_subject_idx").on(t.orgId, t.subjectId, t.kind),
  ],
);

export const emailStatusEnum = pgEnum("email_status", ["stored", "queued", "sent", "failed"]);

/** Every email the product sends (R-MAILBOX); Resend delivery state recorded on the row. */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("mail")),
    orgId: text().references(() => organisations.id, { onDelete: "cascade" }),
    to: text().notNull(),
    from: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    template: text().notNull(),
    // stored: no Resend configured (outbox only); queued: to send/retry; sent; failed (gave up).
    status: emailStatusEnum().notNull(),
    providerId: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: tz(),
    sentAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    // Admin Mailbox, newest first.
    index("email_outbox_org_created_idx").on(
      t.orgId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Cron retry of queued emails.
    index("email_outbox_status_next_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const webhooks = pgTable(
  "webhooks",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("whk")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    url: text().notNull(),
    events: text().array().notNull(),
    // HMAC signing needs the secret itself: stored encrypted (AES-256-GCM under AUTH_SECRET).
    secretEncrypted: text().notNull(),
    secretStart: text().notNull(),
    active: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [index("webhooks_org_idx").on(t.orgId)],
);

export const deliveryStatusEnum = pgEnum("delivery_status", ["pending", "delivered", "failed"]);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("whd")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    webhookId: text()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: deliveryStatusEnum().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    lastResponseCode: integer(),
    lastError: text(),
    nextAttemptAt: tz(),
    deliveredAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    // Delivery log of an organisation, newest first.
    index("webhook_deliveries_org_created_idx").on(t.orgId, t.createdAt.desc()),
    // Cron retry: due pending deliveries.
    index("webhook_deliveries_status_next_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const apiTokenKindEnum = pgEnum("api_token_kind", ["management", "gateway"]);

/** Admin API tokens (management API) and gateway tokens; only hashes are stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("atk")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: apiTokenKindEnum().notNull(),
    name: text().notNull(),
    hash: text().notNull(),
    start: text().notNull(),
    createdByAdminId: text().references(() => adminUsers.id, { onDelete: "set null" }),
    lastUsedAt: tz(),
    revokedAt: tz(),
    ...timestamps,
  },
  (t) => [
    // Bearer token authentication.
    uniqueIndex("api_tokens_hash_uq").on(t.hash),
    index("api_tokens_org_idx").on(t.orgId, t.kind),
  ],
);

/**
 * Management API `Idempotency-Key` (R-MGMT-API): the first response of a POST is stored per token
 * and key and replayed for a retry with the same body; a different body with the same key is a 422.
 */
export const apiIdempotency = pgTable(
  "api_idempotency",
  {
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    tokenId: text()
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    // SHA-256 of the request body: a retry must send the same one.
    requestHash: text().notNull(),
    // Null while the first request is still running (a concurrent retry gets a 409).
    status: integer(),
    responseBody: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tokenId, t.key] }),
    // Expiry sweep (24 h).
    index("api_idempotency_created_idx").on(t.createdAt),
  ],
);

export const actorTypeEnum = pgEnum("actor_type", ["admin", "developer", "api_token", "system"]);

export const auditLog = pgTable(
  "audit_log",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("aud")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    actorType: actorTypeEnum().notNull(),
    actorId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ip: text(),
    createdAt: createdAt(),
  },
  (t) => [
    // Audit page, newest first; filters by action / target narrow this range.
    index("audit_log_org_created_idx").on(
      t.orgId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("audit_log_org_target_idx").on(t.orgId, t.targetType, t.targetId),
  ],
);

export type AuthToken = typeof authTokens.$inferSelect;
export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type ApiIdempotency = typeof apiIdempotency.$inferSelect;
export type AuditLogRow = typeof auditLog.$inferSelect;

/**
 * Server-side sessions (R-SEC-SESSIONS): one row per login; the session cookie carries its id.
 * Logout deletes the row; guards refuse a session past its idle or absolute timeout.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("ses")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    subjectType: subjectTypeEnum().notNull(),
    subjectId: text().notNull(),
    userAgent: text().notNull().default(""),
    ipAddress: text().notNull().default(""),
    createdAt: createdAt(),
    lastSeenAt: tz().notNull().defaultNow(),
    // Absolute timeout: the session ends then, however active.
    expiresAt: tz().notNull(),
  },
  (t) => [
    // "Your sessions" lists and "log out everywhere": a subject's sessions.
    index("sessions_subject_idx").on(t.orgId, t.subjectType, t.subjectId),
  ],
);

export type Session = typeof sessions.$inferSelect;
