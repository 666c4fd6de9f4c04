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
import { timestamps } from "./columns";
import { type FieldDefinition, keyRequestModeEnum, organisations } from "./organisations";

export const apiAuthTypeEnum = pgEnum("api_auth_type", ["key", "oauth"]);
export const visibilityEnum = pgEnum("visibility", ["public", "hidden"]);

export const apis = pgTable(
  "apis",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("api")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    slug: text().notNull(),
    // Path prefix the gateway matches (longest prefix wins), e.g. "/payments/".
    listenPath: text().notNull(),
    upstreamUrl: text(),
    description: text().notNull().default(""),
    docsMarkdown: text(),
    openapiUrl: text(),
    authType: apiAuthTypeEnum().notNull().default("key"),
    ...timestamps,
  },
  (t) => [
    // API pages by slug; gateway resolution by listen path.
    uniqueIndex("apis_org_slug_uq").on(t.orgId, t.slug),
    uniqueIndex("apis_org_listen_path_uq").on(t.orgId, t.listenPath),
  ],
);

export const policies = pgTable(
  "policies",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("pol")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    // Rate limit: `rate` requests per `per` seconds, per key and API.
    rate: integer().notNull().default(1000),
    per: integer().notNull().default(60),
    // -1 = unlimited.
    quotaMax: integer().notNull().default(-1),
    quotaRenewalSeconds: integer().notNull().default(3600),
    // Null or 0 = keys never expire.
    keyExpiresInSeconds: integer(),
    isInactive: boolean().notNull().default(false),
    allowOauth: boolean().notNull().default(false),
    tags: text().array().notNull().default([]),
    ...timestamps,
  },
  (t) => [
    // Policies list of an organisation.
    index("policies_org_idx").on(t.orgId),
  ],
);

/** Access rights: which APIs a policy opens, optionally limited to methods and path prefixes. */
export const policyApis = pgTable(
  "policy_apis",
  {
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    policyId: text()
      .notNull()
      .references(() => policies.id, { onDelete: "cascade" }),
    apiId: text()
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    // Empty = all methods / all paths.
    allowedMethods: text().array().notNull().default([]),
    allowedPaths: text().array().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.policyId, t.apiId] }),
    // "Which policies open this API" (API delete warnings, gateway cache invalidation).
    index("policy_apis_api_idx").on(t.apiId),
  ],
);

export const catalogEntries = pgTable(
  "catalog_entries",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("cat")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    policyId: text()
      .notNull()
      .references(() => policies.id, { onDelete: "restrict" }),
    name: text().notNull(),
    slug: text().notNull(),
    shortDescription: text().notNull().default(""),
    longDescription: text().notNull().default(""),
    docsMarkdown: text(),
    openapiUrl: text(),
    visibility: visibilityEnum().notNull().default("public"),
    // Null = the organisation's mode.
    approvalMode: keyRequestModeEnum(),
    reasonFields: jsonb().$type<FieldDefinition[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [
    // Portal catalog page by slug.
    uniqueIndex("catalog_entries_org_slug_uq").on(t.orgId, t.slug),
    // Policy → catalog entry name in the keys panel ("(No Catalog Entry)" when none).
    index("catalog_entries_policy_idx").on(t.policyId),
  ],
);

export type Api = typeof apis.$inferSelect;
export type Policy = typeof policies.$inferSelect;
export type PolicyApi = typeof policyApis.$inferSelect;
export type CatalogEntry = typeof catalogEntries.$inferSelect;
