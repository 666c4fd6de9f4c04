import { index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/lib/ids";
import { createdAt, timestamps, tz } from "./columns";
import { policies } from "./catalog";
import { organisations } from "./organisations";
import { developers } from "./users";

export const oauthClients = pgTable(
  "oauth_clients",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("oac")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    developerId: text()
      .notNull()
      .references(() => developers.id, { onDelete: "cascade" }),
    policyId: text().references(() => policies.id, { onDelete: "set null" }),
    name: text().notNull(),
    clientId: text().notNull(),
    // SHA-256 of the client secret (shown once).
    secretHash: text().notNull(),
    redirectUris: text().array().notNull().default([]),
    revokedAt: tz(),
    ...timestamps,
  },
  (t) => [
    // Token endpoint: client_id lookup.
    uniqueIndex("oauth_clients_client_id_uq").on(t.clientId),
    // OAuth clients panel of a developer (R-DEV-OAUTH-CLIENTS).
    index("oauth_clients_org_developer_idx").on(t.orgId, t.developerId),
  ],
);

export const oauthAccessTokens = pgTable(
  "oauth_access_tokens",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("oat")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    oauthClientId: text()
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    scope: text(),
    expiresAt: tz().notNull(),
    revokedAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    // Introspection and gateway verification by token hash.
    uniqueIndex("oauth_access_tokens_hash_uq").on(t.tokenHash),
  ],
);

export type OauthClient = typeof oauthClients.$inferSelect;
export type OauthAccessToken = typeof oauthAccessTokens.$inferSelect;
