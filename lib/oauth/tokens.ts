import { SignJWT } from "jose";
import type { Db } from "@/db";
import {
  findAccessToken,
  findClientForToken,
  insertAccessToken,
  oauthScopesOfKey,
  pruneExpiredTokens,
} from "@/db/queries/oauth";
import type { Organisation } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { newId } from "@/lib/ids";
import { done, failed, type Outcome } from "@/lib/outcome";
import { secretMatches } from "./format";
import { audienceOf, issuerOf } from "./issuer";
import { SIGNING_ALG, signerOf } from "./signing";

/** Access tokens live one hour (the issue's default); short enough that no refresh is needed. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

/** An authenticated client of the organisation (null: wrong id, wrong secret, or revoked). */
export async function authenticateClient(
  db: Db,
  orgId: string,
  clientId: string,
  clientSecret: string,
) {
  const client = await findClientForToken(db, orgId, clientId);
  // The hash is compared even for an unknown id, so timing does not tell which ids exist.
  const ok = secretMatches(clientSecret, client?.secretHash ?? "0".repeat(64));
  if (!client || !ok || client.revokedAt) return null;
  return client;
}

export type IssuedToken = {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
};

/**
 * RFC 6749 §4.4: the client-credentials grant. Refusals use Outcome reasons the token endpoint
 * maps to RFC 6749 §5.2 codes: "forbidden" → invalid_client (401), "conflict" →
 * unauthorized_client (400), "invalid" → invalid_scope (400).
 * The token is an RFC 9068 JWT; its SHA-256 is stored so it can be revoked and introspected.
 */
export async function issueAccessToken(
  db: Db,
  org: Pick<Organisation, "id" | "slug"> & { suspendedAt?: Date | null },
  input: { clientId: string; clientSecret: string; scope: string | null },
  now = new Date(),
): Promise<Outcome<IssuedToken>> {
  const client = await authenticateClient(db, org.id, input.clientId, input.clientSecret);
  if (!client) return failed("forbidden", "Client authentication failed.");
  // R-ORG-CREATE: no tokens for a suspended organisation (the gateway refuses them anyway).
  if (org.suspendedAt) return failed("conflict", "This organisation is suspended.");
  if (client.keyStatus !== "active" || client.developerStatus !== "active")
    return failed("conflict", "This client is not active.");
  if (client.keyExpiresAt && client.keyExpiresAt <= now)
    return failed("conflict", "This client has expired.");
  const allowed = await oauthScopesOfKey(db, org.id, client.keyId);
  const asked = input.scope === null ? null : [...new Set(input.scope.split(" ").filter(Boolean))];
  if (asked && asked.some((s) => !allowed.includes(s)))
    return failed("invalid", `Scopes this client may ask for: ${allowed.join(" ") || "none"}.`);
  const scopes = asked && asked.length ? asked : allowed;
  if (scopes.length === 0)
    return failed("invalid", "This client's policies open no API that takes OAuth tokens.");
  const scope = scopes.join(" ");
  const signer = await signerOf(db, org.id);
  const jti = newId("oat");
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ client_id: client.clientId, scope })
    .setProtectedHeader({ alg: SIGNING_ALG, typ: "at+jwt", kid: signer.kid })
    .setIssuer(issuerOf(org.slug))
    .setSubject(client.clientId)
    .setAudience(audienceOf(org.slug))
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(signer.key);
  await insertAccessToken(db, org.id, {
    id: jti,
    oauthClientId: client.id,
    tokenHash: sha256Hex(token),
    scope,
    expiresAt: new Date(exp * 1000),
  });
  // Expired tokens are refused by their own `exp` and read inactive when gone: a client's table
  // rows stay about one hour's worth, however long it runs.
  await pruneExpiredTokens(db, org.id, client.id, now);
  return done(
    { access_token: token, token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SECONDS, scope },
    "Token issued.",
  );
}

export type Introspection =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      sub: string;
      token_type: "Bearer";
      exp: number;
      iat: number;
      iss: string;
      aud: string;
      jti: string;
    };

/**
 * RFC 7662 introspection. `callerClientId`: a client may introspect only its own tokens (another
 * client's token reads inactive); null for a management token, which sees the whole organisation.
 */
export async function introspect(
  db: Db,
  org: Pick<Organisation, "id" | "slug">,
  token: string,
  callerClientId: string | null,
  now = new Date(),
): Promise<Introspection> {
  const row = await findAccessToken(db, org.id, sha256Hex(token));
  if (
    !row ||
    row.revokedAt ||
    row.clientRevokedAt ||
    row.keyStatus !== "active" ||
    row.expiresAt <= now ||
    (callerClientId !== null && callerClientId !== row.clientId)
  )
    return { active: false };
  return {
    active: true,
    scope: row.scope ?? "",
    client_id: row.clientId,
    sub: row.clientId,
    token_type: "Bearer",
    exp: Math.floor(row.expiresAt.getTime() / 1000),
    iat: Math.floor(row.createdAt.getTime() / 1000),
    iss: issuerOf(org.slug),
    aud: audienceOf(org.slug),
    jti: row.id,
  };
}
