import { index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/lib/ids";
import { createdAt, timestamps, tz } from "./columns";
import { catalogEntries } from "./catalog";
import { keys } from "./keys";
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
    // The credential row (keys.kind = 'oauth_client') that carries the client's policies, status,
    // quota and usage, so the gateway decides a token exactly as it decides a key.
    keyId: text()
      .notNull()
      .references(() => keys.id, { onDelete: "cascade" }),
    catalogEntryId: text().references(() => catalogEntries.id, { onDelete: "set null" }),
    name: text().notNull(),
    clientId: text().notNull(),
    // SHA-256 of the client secret (shown once).
    secretHash: text().notNull(),
    redirectUris: text().array().notNull().default([]),
    secretRotatedAt: tz(),
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
    // A client's live tokens (revoked on secret rotation / client revocation) and its expired
    // ones (deleted as it gets new tokens), without scanning every client's tokens.
    index("oauth_access_tokens_client_idx").on(t.oauthClientId, t.expiresAt),
  ],
);

/** Per-organisation signing keys of JWT access tokens (RFC 9068), published as the org's JWKS. */
export const oauthSigningKeys = pgTable(
  "oauth_signing_keys",
  {
    // The JWK "kid".
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("osk")),
    orgId: text()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    alg: text().notNull(),
    publicJwk: jsonb().$type<Record<string, unknown>>().notNull(),
    // The private JWK, AES-256-GCM encrypted under AUTH_SECRET (as webhook secrets are).
    privateJwkEncrypted: text().notNull(),
    retiredAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [index("oauth_signing_keys_org_idx").on(t.orgId)],
);

export type OauthClient = typeof oauthClients.$inferSelect;
export type OauthAccessToken = typeof oauthAccessTokens.$inferSelect;
export type OauthSigningKey = typeof oauthSigningKeys.$inferSelect;
