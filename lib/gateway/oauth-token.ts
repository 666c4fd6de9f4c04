import { importJWK, type JWK, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Db } from "@/db";
import { findAccessToken, loadTokenIssuer } from "@/db/queries/oauth";
import { sha256Hex } from "@/lib/crypto";
import { TtlCache } from "./ttl-cache";

/**
 * OAuth access tokens at the gateway (R-OAUTH-CLIENTS). A token (RFC 9068 JWT) is checked once
 * per instance and cache period: signature by one of its organisation's keys, `typ`, `iss`, `aud`
 * and `exp`, then its SHA-256 against oauth_access_tokens (revoked token or client → refused).
 * What it yields is the hash of the client's credential row in `keys`, which the gateway then
 * decides exactly like a key (limits, quota, usage); and the scope, the API slugs it may call.
 *
 * The cached path is one Map lookup keyed by the token itself (it arrives on every call anyway),
 * with no await and no allocation; a grant is cached at most until the token's `exp`.
 */
export type TokenGrant = {
  orgId: string;
  keyId: string;
  /** keys.hash of the client's credential row: the gateway's key cache id. */
  keyHash: string;
  /** API slugs the token opens (its `scope`). */
  scope: ReadonlySet<string>;
  /** Epoch ms. */
  expiresAt: number;
};

type Issuer = { issuer: string; audience: string; keys: Map<string, CryptoKey> };

export interface OauthTokenStore {
  loadIssuer(
    orgId: string,
  ): Promise<{ slug: string; keys: Array<{ id: string; alg: string; publicJwk: unknown }> } | null>;
  findToken(
    orgId: string,
    tokenHash: string,
  ): Promise<{
    keyId: string;
    keyHash: string;
    revokedAt: Date | null;
    clientRevokedAt: Date | null;
  } | null>;
}

export function dbOauthTokenStore(db: Db): OauthTokenStore {
  return {
    loadIssuer: (orgId) => loadTokenIssuer(db, orgId),
    findToken: (orgId, hash) => findAccessToken(db, orgId, hash),
  };
}

/** Cheap shape test: three base64url parts, a JSON header. API keys never look like this. */
export function looksLikeJwt(token: string): boolean {
  return token.startsWith("eyJ") && token.length < 4096 && token.split(".").length === 3;
}

export type OauthTokensOptions = {
  store: OauthTokenStore;
  /** `iss` and `aud` of an organisation's tokens (lib/oauth/issuer.ts, from APP_URL). */
  issuerOf: (slug: string) => string;
  audienceOf: (slug: string) => string;
  cacheTtlMs: number;
  negativeTtlMs: number;
  /** Wraps every store read (the gateway's timeout and 503). */
  guard: <T>(read: () => Promise<T>) => Promise<T>;
};

/** Not signed by this organisation: refused, never cached (the token may be another org's). */
const FOREIGN = null;

export class OauthTokens {
  // One cache per organisation, keyed by the token itself: an answer for one organisation's
  // gateway is never seen by another's, and the cached path builds no lookup string.
  private readonly grants = new Map<string, TtlCache<TokenGrant | null | undefined>>();
  private readonly issuers = new TtlCache<Issuer | null>(10_000);

  constructor(private readonly opts: OauthTokensOptions) {}

  /** The cached answer for a token: a grant, null (known bad), or undefined (not cached). */
  peek(orgId: string, token: string, now: number): TokenGrant | null | undefined {
    return this.grants.get(orgId)?.peek(token, now);
  }

  /** Checks a token not in the cache (signature, claims, revocation) and caches the answer. */
  async resolve(orgId: string, token: string, now: number): Promise<TokenGrant | null> {
    let cache = this.grants.get(orgId);
    if (!cache) this.grants.set(orgId, (cache = new TtlCache(50_000)));
    const answer = await cache.get(
      token,
      now,
      () => this.check(orgId, token, now),
      // undefined (FOREIGN's marker): not stored; a revoked or unknown token of this org: briefly.
      (g) =>
        g
          ? Math.min(this.opts.cacheTtlMs, g.expiresAt - now)
          : g === null
            ? this.opts.negativeTtlMs
            : 0,
    );
    return answer ?? FOREIGN;
  }

  /** A grant; null for a token of this organisation that is revoked or unknown; undefined when not signed by it. */
  private async check(
    orgId: string,
    token: string,
    now: number,
  ): Promise<TokenGrant | null | undefined> {
    const issuer = await this.issuer(orgId, now);
    if (!issuer) return undefined;
    const getKey: JWTVerifyGetKey = (header) => {
      const key = header.kid ? issuer.keys.get(header.kid) : undefined;
      if (!key) throw new Error("unknown kid");
      return key;
    };
    let payload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        issuer: issuer.issuer,
        audience: issuer.audience,
        typ: "at+jwt",
        algorithms: ["ES256"],
        currentDate: new Date(now),
        requiredClaims: ["exp", "jti", "client_id"],
      }));
    } catch {
      return undefined;
    }
    const found = await this.opts.guard(() => this.opts.store.findToken(orgId, sha256Hex(token)));
    if (!found || found.revokedAt || found.clientRevokedAt) return null;
    const scope = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
    return {
      orgId,
      keyId: found.keyId,
      keyHash: found.keyHash,
      scope: new Set(scope.filter(Boolean)),
      expiresAt: (payload.exp ?? 0) * 1000,
    };
  }

  private issuer(orgId: string, now: number): Promise<Issuer | null> {
    return this.issuers.get(
      orgId,
      now,
      async () => {
        const loaded = await this.opts.guard(() => this.opts.store.loadIssuer(orgId));
        if (!loaded) return null;
        const keys = new Map<string, CryptoKey>();
        for (const k of loaded.keys)
          keys.set(k.id, (await importJWK(k.publicJwk as JWK, k.alg)) as CryptoKey);
        return {
          issuer: this.opts.issuerOf(loaded.slug),
          audience: this.opts.audienceOf(loaded.slug),
          keys,
        };
      },
      // A signing key created a moment ago (an organisation's first token) must be found soon.
      (v) => (v && v.keys.size ? this.opts.cacheTtlMs : this.opts.negativeTtlMs),
    );
  }

  /** A client changed (secret rotated, revoked, policies): its tokens are checked again. */
  forgetKey(keyId: string): void {
    for (const cache of this.grants.values())
      if (cache.size) cache.deleteWhere((_, g) => g?.keyId === keyId);
  }

  forgetOrg(orgId: string): void {
    this.grants.get(orgId)?.clear();
    this.issuers.delete(orgId);
  }
}
