import { and, desc, eq, gt, inArray, isNull, lt, ne } from "drizzle-orm";
import type { Db, Tx } from "../index";
import {
  apis,
  catalogEntries,
  developers,
  keyPolicies,
  keyRequests,
  keys,
  oauthAccessTokens,
  oauthClients,
  oauthSigningKeys,
  organisations,
  policyApis,
} from "../schema";

/**
 * OAuth clients (R-OAUTH-CLIENTS). A client's policies, status, quota and usage live on its
 * credential row in `keys` (kind 'oauth_client'); every statement carries the organisation.
 */

/** OAuth clients panel of a developer (R-DEV-OAUTH-CLIENTS) and the portal's "OAuth clients". */
export async function listDeveloperOauthClients(db: Db, orgId: string, developerId: string) {
  return db
    .select({
      id: oauthClients.id,
      name: oauthClients.name,
      clientId: oauthClients.clientId,
      redirectUris: oauthClients.redirectUris,
      catalogEntryName: catalogEntries.name,
      status: keys.status,
      secretRotatedAt: oauthClients.secretRotatedAt,
      createdAt: oauthClients.createdAt,
      revokedAt: oauthClients.revokedAt,
    })
    .from(oauthClients)
    .innerJoin(keys, and(eq(keys.id, oauthClients.keyId), eq(keys.orgId, orgId)))
    .leftJoin(
      catalogEntries,
      and(eq(catalogEntries.id, oauthClients.catalogEntryId), eq(catalogEntries.orgId, orgId)),
    )
    .where(and(eq(oauthClients.orgId, orgId), eq(oauthClients.developerId, developerId)))
    .orderBy(desc(oauthClients.createdAt), desc(oauthClients.id));
}

/** Policy id → true when the policy opens at least one API that takes OAuth tokens. */
export async function policyOpensOauthApi(db: Db | Tx, orgId: string, policyId: string) {
  const [row] = await db
    .select({ id: apis.id })
    .from(policyApis)
    .innerJoin(apis, and(eq(apis.id, policyApis.apiId), eq(apis.orgId, orgId)))
    .where(
      and(
        eq(policyApis.orgId, orgId),
        eq(policyApis.policyId, policyId),
        eq(apis.authType, "oauth"),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** The credential row of a new client and its policies; its hash is of random bytes nobody holds. */
export async function insertOauthClient(
  tx: Db | Tx,
  orgId: string,
  values: {
    developerId: string;
    catalogEntryId: string | null;
    name: string;
    clientId: string;
    secretHash: string;
    credentialHash: string;
    expiresAt: Date | null;
  },
  policyIds: string[],
) {
  const [key] = await tx
    .insert(keys)
    .values({
      orgId,
      developerId: values.developerId,
      hash: values.credentialHash,
      start: values.clientId.slice(0, 10),
      alias: values.name,
      kind: "oauth_client",
      expiresAt: values.expiresAt,
    })
    .returning({ id: keys.id });
  if (!key) throw new Error("credential insert returned nothing");
  await tx
    .insert(keyPolicies)
    .values(policyIds.map((policyId) => ({ orgId, keyId: key.id, policyId })));
  const [client] = await tx
    .insert(oauthClients)
    .values({
      orgId,
      developerId: values.developerId,
      keyId: key.id,
      catalogEntryId: values.catalogEntryId,
      name: values.name,
      clientId: values.clientId,
      secretHash: values.secretHash,
    })
    .returning();
  if (!client) throw new Error("oauth client insert returned nothing");
  return client;
}

/** A live client of this organisation (and of `developerId` when given), with its credential row. */
export async function getOauthClient(db: Db | Tx, orgId: string, id: string, developerId?: string) {
  const [row] = await db
    .select({ client: oauthClients, keyStatus: keys.status })
    .from(oauthClients)
    .innerJoin(keys, and(eq(keys.id, oauthClients.keyId), eq(keys.orgId, orgId)))
    .where(
      and(
        eq(oauthClients.orgId, orgId),
        eq(oauthClients.id, id),
        developerId ? eq(oauthClients.developerId, developerId) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Token endpoint: the client by its public client_id within one organisation (a client of another
 * organisation is simply not found), with what decides whether it may get a token.
 */
export async function findClientForToken(db: Db, orgId: string, clientId: string) {
  const [row] = await db
    .select({
      id: oauthClients.id,
      clientId: oauthClients.clientId,
      secretHash: oauthClients.secretHash,
      revokedAt: oauthClients.revokedAt,
      developerId: oauthClients.developerId,
      keyId: keys.id,
      keyStatus: keys.status,
      keyExpiresAt: keys.expiresAt,
      developerStatus: developers.status,
    })
    .from(oauthClients)
    .innerJoin(keys, and(eq(keys.id, oauthClients.keyId), eq(keys.orgId, orgId)))
    .innerJoin(
      developers,
      and(eq(developers.id, oauthClients.developerId), eq(developers.orgId, orgId)),
    )
    .where(and(eq(oauthClients.orgId, orgId), eq(oauthClients.clientId, clientId)))
    .limit(1);
  return row ?? null;
}

/** Slugs of the OAuth APIs a credential's active policies open: the scopes a client may ask for. */
export async function oauthScopesOfKey(db: Db | Tx, orgId: string, keyId: string) {
  const rows = await db
    .selectDistinct({ slug: apis.slug })
    .from(keyPolicies)
    .innerJoin(
      policyApis,
      and(eq(policyApis.policyId, keyPolicies.policyId), eq(policyApis.orgId, orgId)),
    )
    .innerJoin(apis, and(eq(apis.id, policyApis.apiId), eq(apis.orgId, orgId)))
    .where(
      and(eq(keyPolicies.orgId, orgId), eq(keyPolicies.keyId, keyId), eq(apis.authType, "oauth")),
    );
  return rows.map((r) => r.slug).sort();
}

export async function setClientSecret(tx: Db | Tx, orgId: string, id: string, secretHash: string) {
  const [row] = await tx
    .update(oauthClients)
    .set({ secretHash, secretRotatedAt: new Date() })
    .where(
      and(eq(oauthClients.orgId, orgId), eq(oauthClients.id, id), isNull(oauthClients.revokedAt)),
    )
    .returning({ id: oauthClients.id });
  return Boolean(row);
}

/** Revokes a live client and its credential row; null when there is no such live client. */
export async function revokeOauthClientRow(tx: Db | Tx, orgId: string, id: string) {
  const now = new Date();
  const [client] = await tx
    .update(oauthClients)
    .set({ revokedAt: now })
    .where(
      and(eq(oauthClients.orgId, orgId), eq(oauthClients.id, id), isNull(oauthClients.revokedAt)),
    )
    .returning({
      id: oauthClients.id,
      keyId: oauthClients.keyId,
      developerId: oauthClients.developerId,
      clientId: oauthClients.clientId,
    });
  if (!client) return null;
  await tx
    .update(keys)
    .set({ status: "revoked", revokedAt: now })
    .where(and(eq(keys.orgId, orgId), eq(keys.id, client.keyId), ne(keys.status, "revoked")));
  return client;
}

/** Revokes every live access token of a client (secret rotation, client revocation). */
export async function revokeClientTokens(tx: Db | Tx, orgId: string, oauthClientId: string) {
  const rows = await tx
    .update(oauthAccessTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(oauthAccessTokens.orgId, orgId),
        eq(oauthAccessTokens.oauthClientId, oauthClientId),
        isNull(oauthAccessTokens.revokedAt),
        gt(oauthAccessTokens.expiresAt, new Date()),
      ),
    )
    .returning({ id: oauthAccessTokens.id });
  return rows.length;
}

/** Deletes a client's tokens that expired before `before` (oauth_access_tokens_client_idx). */
export async function pruneExpiredTokens(
  db: Db | Tx,
  orgId: string,
  oauthClientId: string,
  before: Date,
) {
  const rows = await db
    .delete(oauthAccessTokens)
    .where(
      and(
        eq(oauthAccessTokens.orgId, orgId),
        eq(oauthAccessTokens.oauthClientId, oauthClientId),
        lt(oauthAccessTokens.expiresAt, before),
      ),
    )
    .returning({ id: oauthAccessTokens.id });
  return rows.length;
}

export async function insertAccessToken(
  db: Db | Tx,
  orgId: string,
  values: { id: string; oauthClientId: string; tokenHash: string; scope: string; expiresAt: Date },
) {
  await db.insert(oauthAccessTokens).values({ ...values, orgId });
}

/**
 * An access token by hash within one organisation, with everything introspection and the gateway
 * decide on: the token's own revocation, its client's, and the credential row behind it.
 */
export async function findAccessToken(db: Db | Tx, orgId: string, tokenHash: string) {
  const [row] = await db
    .select({
      id: oauthAccessTokens.id,
      scope: oauthAccessTokens.scope,
      expiresAt: oauthAccessTokens.expiresAt,
      createdAt: oauthAccessTokens.createdAt,
      revokedAt: oauthAccessTokens.revokedAt,
      oauthClientId: oauthClients.id,
      clientId: oauthClients.clientId,
      clientRevokedAt: oauthClients.revokedAt,
      developerId: oauthClients.developerId,
      keyId: keys.id,
      keyHash: keys.hash,
      keyStatus: keys.status,
    })
    .from(oauthAccessTokens)
    .innerJoin(
      oauthClients,
      and(eq(oauthClients.id, oauthAccessTokens.oauthClientId), eq(oauthClients.orgId, orgId)),
    )
    .innerJoin(keys, and(eq(keys.id, oauthClients.keyId), eq(keys.orgId, orgId)))
    .where(and(eq(oauthAccessTokens.orgId, orgId), eq(oauthAccessTokens.tokenHash, tokenHash)))
    .limit(1);
  return row ?? null;
}

// ——— Signing keys (RFC 9068 access tokens, the organisation's JWKS) ———

/** The organisation's signing keys, newest first: the first live one signs, every one verifies. */
export async function listSigningKeys(db: Db | Tx, orgId: string) {
  return db
    .select()
    .from(oauthSigningKeys)
    .where(eq(oauthSigningKeys.orgId, orgId))
    .orderBy(desc(oauthSigningKeys.createdAt), desc(oauthSigningKeys.id));
}

export async function insertSigningKey(
  db: Db | Tx,
  orgId: string,
  values: {
    id: string;
    alg: string;
    publicJwk: Record<string, unknown>;
    privateJwkEncrypted: string;
  },
) {
  await db.insert(oauthSigningKeys).values({ ...values, orgId });
}

/**
 * Serialises the first signing key of an organisation: two instances issuing their first token
 * at once would otherwise each create one (harmless, but the JWKS would carry two).
 */
export async function lockOrgForSigningKey(tx: Tx, orgId: string) {
  await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .for("update");
}

/** The gateway's view of an organisation's token issuer: its slug and verification keys. */
export async function loadTokenIssuer(db: Db, orgId: string) {
  const [org] = await db
    .select({ slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .limit(1);
  if (!org) return null;
  const signing = await db
    .select({
      id: oauthSigningKeys.id,
      alg: oauthSigningKeys.alg,
      publicJwk: oauthSigningKeys.publicJwk,
    })
    .from(oauthSigningKeys)
    .where(and(eq(oauthSigningKeys.orgId, orgId), isNull(oauthSigningKeys.retiredAt)));
  return { slug: org.slug, keys: signing };
}

/** Ids of a developer's live clients' credential rows (gateway invalidation on deactivation). */
export async function clientKeyIds(db: Db | Tx, orgId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ keyId: oauthClients.keyId })
    .from(oauthClients)
    .where(and(eq(oauthClients.orgId, orgId), inArray(oauthClients.id, ids)));
  return rows.map((r) => r.keyId);
}

/** Links an approved key request to the client it produced. */
export async function setKeyRequestOauthClient(
  db: Db | Tx,
  orgId: string,
  requestId: string,
  oauthClientId: string,
) {
  await db
    .update(keyRequests)
    .set({ oauthClientId })
    .where(and(eq(keyRequests.orgId, orgId), eq(keyRequests.id, requestId)));
}
