import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/lib/ids";
import { timestamps, tz } from "./columns";
import { organisations } from "./organisations";

export const adminRoleEnum = pgEnum("admin_role", ["owner", "admin", "viewer"]);
export const accountStatusEnum = pgEnum("account_status", ["active", "inactive"]);

export const adminUsers = pgTable(
  "admin_users",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("adm")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text().notNull(),
    name: text().notNull().default(""),
    // Null until an invited admin accepts the invitation and sets a password.
    passwordHash: text(),
    role: adminRoleEnum().notNull().default("admin"),
    status: accountStatusEnum().notNull().default("active"),
    // Bumped on password change / deactivation: JWTs carrying an older version are refused.
    sessionVersion: integer().notNull().default(1),
    lastLoginAt: tz(),
    // TOTP two-factor (R-SEC-ADMINS): the secret is encrypted under AUTH_SECRET (secret-box);
    // it counts only once enrolment is confirmed with a code (totpEnabledAt).
    totpSecret: text(),
    totpEnabledAt: tz(),
    // SHA-256 hashes of the unused recovery codes.
    recoveryCodeHashes: jsonb().$type<string[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [
    // Admin login at /admin/login has no organisation in the URL: emails are unique per install.
    uniqueIndex("admin_users_email_uq").on(sql`lower(${t.email})`),
    // Admin list of an organisation.
    index("admin_users_org_idx").on(t.orgId),
  ],
);

export const developers = pgTable(
  "developers",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("dev")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    // Stored lower-cased; unique per organisation (the same person may sign up to two portals).
    email: text().notNull(),
    name: text().notNull().default(""),
    telephone: text(),
    country: text(),
    customFields: jsonb().$type<Record<string, string | boolean>>().notNull().default({}),
    // Null until an invited developer sets a password.
    passwordHash: text(),
    status: accountStatusEnum().notNull().default("active"),
    emailVerifiedAt: tz(),
    sessionVersion: integer().notNull().default(1),
    lastLoginAt: tz(),
    ...timestamps,
  },
  (t) => [
    // Login and signup lookups: (org, email); also enforces one account per email per org.
    uniqueIndex("developers_org_email_uq").on(t.orgId, t.email),
    // Developers list, newest first (R-DEV-LIST): the whole ORDER BY, so a page is an index range
    // (DESC NULLS FIRST is what `ORDER BY … DESC` means; a NULLS LAST index is never used for it).
    index("developers_org_created_idx").on(
      t.orgId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Search by partial email (R-DEV-SEARCH, and the keys list's developer search): trigrams
    // answer `email like '%…%'` from the index (pg_trgm; PGlite loads it, see db/index.ts).
    index("developers_email_trgm_idx").using("gin", t.email.op("gin_trgm_ops")),
  ],
);

export type AdminUser = typeof adminUsers.$inferSelect;
export type Developer = typeof developers.$inferSelect;
export type NewDeveloper = typeof developers.$inferInsert;
