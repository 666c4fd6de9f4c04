import { hash } from "node:crypto";
import { hashKey, isWellFormedKey } from "@/lib/keys/format";
import { checkAccess } from "@/lib/policies/effective";
import {
  type ConsumeRequest,
  type ConsumeResult,
  type CounterStore,
  MemoryCounterStore,
} from "./counters";
import { applyPolicies, type KeyEntry, toKeyEntry } from "./key-entry";
import { looksLikeJwt, type OauthTokens, type TokenGrant } from "./oauth-token";
import { OrgPolicies } from "./org-policies";
import { ApiIndex } from "./request";
import type { GatewayStore } from "./store";
import { TtlCache } from "./ttl-cache";
import {
  type Decision,
  type DecisionCode,
  decision,
  type GatewayApi,
  GatewayServiceError,
  isGatewayServiceError,
} from "./types";
import { UsageBuffer } from "./usage-buffer";

export type GatewayOptions = {
  store: GatewayStore;
  counters: CounterStore;
  /** How long a key, an API list or a gateway token is trusted without asking the database (≤ 10 s). */
  cacheTtlMs: number;
  /** How long "no such key / token" is remembered (short: a key created a moment ago must work). */
  negativeTtlMs?: number;
  /** Any database read longer than this answers 503 instead of hanging the caller. */
  dbTimeoutMs: number;
  /** Usage flush period; 0 = only explicit flush() (tests). */
  flushIntervalMs?: number;
  now?: () => number;
  /** Called after a local invalidation so other instances can be told (Redis pub/sub). */
  onInvalidate?: (message: InvalidationMessage) => void;
  log?: (message: string) => void;
  /**
   * The SHA-256 (hex) of a key, once per call (tests count the calls); the default is Node's
   * one-shot crypto.hash, equal to lib/keys/format.ts hashKey without a Hash object per call.
   */
  hashKey?: (key: string) => string;
  /** OAuth access tokens (lib/gateway/oauth-token.ts); without it a JWT is an unknown key. */
  oauth?: (guard: <T>(read: () => Promise<T>) => Promise<T>) => OauthTokens;
};

export type InvalidationMessage = { type: "key" | "org" | "token"; id: string };
export type VerifyInput = {
  key: string | null;
  api?: string | null;
  path?: string | null;
  method: string;
  /** R-KEY-IP-ALLOW: the caller's address (X-Real-IP from NGINX, or the verify body's client_ip). */
  clientIp?: string | null;
};
export type GatewayPrincipal = { tokenId: string; orgId: string };
/** A connection's memo of its gateway token's answer (Gateway.principal). */
export type TokenMemo = {
  token: string;
  principal: GatewayPrincipal | null;
  epoch: number;
  until: number;
};

const MAX_BUFFERED_ROWS = 200_000;

/** SHA-256 hex in one call (crypto.hash, Node ≥ 20.12): the same digest as hashKey. */
export function keySha256(key: string): string {
  return hash("sha256", key, "hex");
}

function timeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new GatewayServiceError("unavailable", "The key store did not answer in time.")),
      ms,
    );
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** The verifier: one per process, shared by the Next.js routes and the standalone server. */
export class Gateway {
  readonly usage = new UsageBuffer();
  private readonly keys = new TtlCache<KeyEntry | null>();
  private readonly keyIds = new Map<string, string>();
  // keyId → cache id of the key's previous value during a roll's grace period (R-KEY-ROTATE).
  private readonly previousKeyIds = new Map<string, string>();
  private readonly apis = new TtlCache<ApiIndex>(10_000);
  // Each organisation's policies, and the limits of each set of them that keys carry.
  private readonly policies = new TtlCache<OrgPolicies>(10_000);
  // Keyed by the token itself (it arrives in every call anyway) to spare a hash per call.
  private readonly tokens = new TtlCache<{ principal: GatewayPrincipal | null; hash: string }>(
    10_000,
  );
  private readonly now: () => number;
  private readonly negativeTtlMs: number;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly oauth: OauthTokens | null;
  private readonly memoryCounters: MemoryCounterStore | null;
  private readonly keyHash: (key: string) => string;
  // Bumped by every token or organisation invalidation: connection memos of tokens go stale.
  private tokenEpoch = 0;

  constructor(private readonly opts: GatewayOptions) {
    this.now = opts.now ?? Date.now;
    this.negativeTtlMs = opts.negativeTtlMs ?? Math.min(1000, opts.cacheTtlMs);
    this.oauth = opts.oauth?.((read) => this.db(read)) ?? null;
    this.memoryCounters = opts.counters instanceof MemoryCounterStore ? opts.counters : null;
    this.keyHash = opts.hashKey ?? keySha256;
    if (opts.flushIntervalMs) {
      this.timer = setInterval(() => void this.flush(), opts.flushIntervalMs);
      this.timer.unref();
    }
  }

  private ttl = <V>(v: V | null) => (v ? this.opts.cacheTtlMs : this.negativeTtlMs);

  private db<T>(p: () => Promise<T>): Promise<T> {
    return timeout(
      p().catch((err: unknown) => {
        if (isGatewayServiceError(err)) throw err;
        this.opts.log?.(
          `gateway: database error: ${err instanceof Error ? err.message : String(err)}`,
        );
        throw new GatewayServiceError("unavailable", "The key store is unavailable.");
      }),
      this.opts.dbTimeoutMs,
    );
  }

  /** The gateway token decides the organisation; unknown or revoked tokens are refused. */
  async authenticate(token: string | null | undefined): Promise<GatewayPrincipal> {
    return this.principal(token);
  }

  /**
   * authenticate() without a Promise when the token's answer is cached (R-GW-VERIFY, issue 14);
   * refusals throw (synchronously, or by rejecting when the token had to be looked up).
   * `conn`: the caller's per-connection memo (a gateway sends the same token on every call of a
   * keep-alive connection): a string comparison instead of a cache lookup, dropped by any token
   * or organisation invalidation and when the cached answer it copies expires.
   */
  principal(
    token: string | null | undefined,
    conn?: TokenMemo,
  ): GatewayPrincipal | Promise<GatewayPrincipal> {
    if (!token)
      throw new GatewayServiceError(
        "invalid_gateway_token",
        "Send the organisation's gateway token in X-Gatehouse-Gateway-Token.",
      );
    const now = this.now();
    if (
      conn &&
      conn.principal &&
      conn.token === token &&
      conn.epoch === this.tokenEpoch &&
      conn.until > now
    )
      return this.admit(conn.principal, now);
    const hit = this.tokens.peek(token, now);
    if (hit) return this.admit(this.remember(conn, token, hit.principal, now), now);
    const epoch = this.tokenEpoch;
    return this.tokens
      .get(
        token,
        now,
        () => {
          // Garbage never reaches the database: only well-formed gw_ tokens are looked up.
          if (!isWellFormedKey(token, "gw")) return Promise.resolve({ principal: null, hash: "" });
          const hash = hashKey(token);
          return this.db(() => this.opts.store.findGatewayToken(hash)).then((t) => ({
            principal: t && !t.revokedAt ? { tokenId: t.id, orgId: t.orgId } : null,
            hash,
          }));
        },
        (v) => this.ttl(v.principal),
      )
      .then((v) =>
        this.admit(
          epoch === this.tokenEpoch ? this.remember(conn, token, v.principal, now) : v.principal,
          now,
        ),
      );
  }

  private remember(
    conn: TokenMemo | undefined,
    token: string,
    principal: GatewayPrincipal | null,
    now: number,
  ): GatewayPrincipal | null {
    if (conn) {
      conn.token = token;
      conn.principal = principal;
      conn.epoch = this.tokenEpoch;
      // No longer than the cached answer it copies: a revocation that no invalidation message
      // announces (another process without Redis) is still seen within the cache TTL.
      conn.until = Math.min(now + this.opts.cacheTtlMs, this.tokens.expiry(token));
    }
    return principal;
  }

  private admit(principal: GatewayPrincipal | null, now: number): GatewayPrincipal {
    if (!principal)
      throw new GatewayServiceError("invalid_gateway_token", "The gateway token is not valid.");
    this.usage.touchToken(principal.orgId, principal.tokenId, now);
    return principal;
  }

  private loadKey(orgId: string, hash: string, now: number): Promise<KeyEntry | null> {
    const id = `${orgId}\u0000${hash}`;
    return this.keys.get(
      id,
      now,
      async () => {
        // The organisation's policies are read alongside when they are not cached.
        const [loaded, cached] = await Promise.all([
          this.db(() => this.opts.store.loadKey(orgId, hash)),
          this.loadPolicies(orgId, now),
        ]);
        if (!loaded) return null;
        // A key may carry a policy made after the cached policies were read (by a process whose
        // invalidation did not reach this one, or while both were read): read them again, once.
        const policies = cached.hasAll(loaded.policyIds)
          ? cached
          : await this.reloadPolicies(orgId, cached);
        const entry = toKeyEntry(orgId, loaded, policies);
        // A rolled key's old value past its grace period is no key at all (unknown_key).
        if (entry.graceEndsAt !== null && entry.graceEndsAt <= now) return null;
        // keyId → cache id, for a key invalidation; bounded like the cache it points into.
        const ids = entry.graceEndsAt === null ? this.keyIds : this.previousKeyIds;
        // A key has one current and one previous value: an entry of it cached under another hash
        // is from before a roll (the new value loaded ahead of the roll's invalidation). Dropping
        // it skips caching this load once (epoch), never a correct decision.
        const before = ids.get(entry.keyId);
        if (before !== undefined && before !== id) this.keys.delete(before);
        if (ids.size >= 200_000) ids.clear();
        ids.set(entry.keyId, id);
        return entry;
      },
      // An old value's entry is kept no longer than its grace period: the cached path needs no
      // check of its own.
      (v) =>
        v && v.graceEndsAt !== null
          ? Math.min(this.opts.cacheTtlMs, v.graceEndsAt - now)
          : this.ttl(v),
    );
  }

  private loadPolicies(orgId: string, now: number): Promise<OrgPolicies> {
    return this.policies.get(
      orgId,
      now,
      async () => {
        const startedAt = this.now();
        return new OrgPolicies(await this.db(() => this.opts.store.listPolicies(orgId)), startedAt);
      },
      () => this.opts.cacheTtlMs,
    );
  }

  /** Policies read after `stale` was: `stale` is dropped unless another call already did. */
  private reloadPolicies(orgId: string, stale: OrgPolicies): Promise<OrgPolicies> {
    const now = this.now();
    if (this.policies.peek(orgId, now) === stale) this.policies.delete(orgId);
    return this.loadPolicies(orgId, now);
  }

  /**
   * The organisation's policies a decision at `now` may use: the cached ones, or those the entry
   * was made with while they are within the cache TTL (a decision whose key was just loaded uses
   * what was read with it, even with a TTL of 0). undefined: they must be read.
   */
  private currentPolicies(orgId: string, entry: KeyEntry, now: number): OrgPolicies | undefined {
    return (
      this.policies.peek(orgId, now) ??
      (now - entry.policies.loadedAt <= this.opts.cacheTtlMs ? entry.policies : undefined)
    );
  }

  private loadApis(orgId: string, now: number): Promise<ApiIndex> {
    return this.apis.get(
      orgId,
      now,
      async () => new ApiIndex(await this.db(() => this.opts.store.listApis(orgId))),
      () => this.opts.cacheTtlMs,
    );
  }

  /** Decides one call. Throws GatewayServiceError("unavailable") when the database is needed and does not answer. */
  async verify(orgId: string, input: VerifyInput): Promise<Decision> {
    return this.decide(orgId, input);
  }

  /**
   * verify() without a Promise when everything the call needs is in this process: the key's
   * entry, the organisation's APIs and in-process counters (R-GW-VERIFY, issue 14: no Promise,
   * no database or Redis call, one SHA-256 on a cached call). A Promise only when something must
   * be loaded or the counters are shared (Redis).
   */
  decide(orgId: string, input: VerifyInput): Decision | Promise<Decision> {
    const started = this.memoryCounters ? 0 : performance.now();
    const now = this.now();
    const { key } = input;
    if (!key) return decision("missing_key");
    // R-OAUTH-CLIENTS: an access token stands for its client's credential row (oauth-token.ts).
    if (this.oauth && looksLikeJwt(key)) {
      const cached = this.oauth.peek(orgId, key, now);
      return cached === undefined
        ? this.oauth
            .resolve(orgId, key, now)
            .then((grant) => this.withGrant(orgId, input, grant, now, started))
        : this.withGrant(orgId, input, cached, now, started);
    }
    return this.withHash(orgId, input, null, this.keyHash(key), now, started);
  }

  private withGrant(
    orgId: string,
    input: VerifyInput,
    grant: TokenGrant | null,
    now: number,
    started: number,
  ): Decision | Promise<Decision> {
    if (!grant || grant.orgId !== orgId || grant.expiresAt <= now) return decision("invalid_token");
    return this.withHash(orgId, input, grant, grant.keyHash, now, started);
  }

  private withHash(
    orgId: string,
    input: VerifyInput,
    grant: TokenGrant | null,
    hash: string,
    now: number,
    started: number,
  ): Decision | Promise<Decision> {
    const entry = this.keys.peek(`${orgId}\u0000${hash}`, now);
    if (entry !== undefined) return this.withEntry(orgId, input, grant, entry, now, started);
    // Only a cache miss pays for the checksum: a hash found in the cache came from a real key.
    if (!grant && !isWellFormedKey(input.key ?? "")) return decision("malformed_key");
    return this.loadKey(orgId, hash, now).then((loaded) =>
      // A load shared with an earlier call may predate a rolled key's old value's grace end.
      this.withEntry(
        orgId,
        input,
        grant,
        loaded && loaded.graceEndsAt !== null && loaded.graceEndsAt <= now ? null : loaded,
        now,
        started,
      ),
    );
  }

  private withEntry(
    orgId: string,
    input: VerifyInput,
    grant: TokenGrant | null,
    entry: KeyEntry | null,
    now: number,
    started: number,
  ): Decision | Promise<Decision> {
    if (!entry) return decision("unknown_key");
    const policies = this.currentPolicies(orgId, entry, now);
    return policies === undefined
      ? this.loadPolicies(orgId, now).then((p) =>
          this.withPolicies(orgId, input, grant, entry, p, now, started),
        )
      : this.withPolicies(orgId, input, grant, entry, policies, now, started);
  }

  private withPolicies(
    orgId: string,
    input: VerifyInput,
    grant: TokenGrant | null,
    entry: KeyEntry,
    policies: OrgPolicies,
    now: number,
    started: number,
  ): Decision | Promise<Decision> {
    if (policies !== entry.policies) applyPolicies(entry, policies);
    const apis = this.apis.peek(orgId, now);
    return apis
      ? this.judge(orgId, input, grant, entry, apis, now, started)
      : this.loadApis(orgId, now).then((a) =>
          this.judge(orgId, input, grant, entry, a, now, started),
        );
  }

  private judge(
    orgId: string,
    input: VerifyInput,
    grant: TokenGrant | null,
    entry: KeyEntry,
    apis: ApiIndex,
    now: number,
    started: number,
  ): Decision | Promise<Decision> {
    const api = input.api
      ? apis.byReference(input.api)
      : input.path
        ? apis.match(input.path)
        : null;
    if (entry.orgSuspended) return this.refused(orgId, entry, api, now, "org_suspended");
    if (entry.status === "revoked") return this.refused(orgId, entry, api, now, "key_revoked");
    if (entry.status !== "active") return this.refused(orgId, entry, api, now, "key_inactive");
    if (entry.developerStatus !== "active")
      return this.refused(orgId, entry, api, now, "developer_inactive");
    if (entry.expiresAt !== null && entry.expiresAt <= now)
      return this.refused(orgId, entry, api, now, "key_expired");
    if (entry.ipAllowed && !entry.ipAllowed(input.clientIp ?? null))
      return this.refused(orgId, entry, api, now, "ip_not_allowed");
    if (!api) return this.refused(orgId, entry, api, now, "unknown_api");
    // Tokens only for OAuth APIs and within their scope; keys only for key APIs.
    if (grant) {
      if (api.authType !== "oauth" || !grant.scope.has(api.slug))
        return this.refused(orgId, entry, api, now, "no_access");
    } else if (api.authType === "oauth")
      return this.refused(orgId, entry, api, now, "oauth_required");
    let limits = entry.limits.apis.get(api.id);
    if (!limits) return this.refused(orgId, entry, api, now, "no_access");
    // checkAccess builds an answer per call; a grant with no method or path rule needs none.
    if (limits.methods || limits.paths) {
      const access = checkAccess(entry.limits, api.id, input.method, input.path ?? api.listenPath);
      if (!access.allowed)
        return this.refused(
          orgId,
          entry,
          api,
          now,
          access.reason === "no_access"
            ? "no_access"
            : access.reason === "method"
              ? "method_not_allowed"
              : "path_not_allowed",
        );
      limits = access.limits;
    }

    const { rate, quota } = limits;
    const req: ConsumeRequest = {
      keyId: entry.keyId,
      apiId: api.id,
      limit: rate.limit,
      windowMs: Math.max(1, rate.perSeconds) * 1000,
      quota: quota
        ? {
            scope: quota.scope,
            max: quota.max,
            renewalMs: Math.max(1, quota.renewalSeconds) * 1000,
            seed: entry.quotaSeeds.get(quota.scope) ?? null,
          }
        : null,
      now,
    };
    // In-process counters answer synchronously: no promise on the hot path. Shared counters get
    // what is left of the call's budget: the whole call answers within GATEWAY_DB_TIMEOUT_MS.
    if (this.memoryCounters)
      return this.counted(
        orgId,
        entry,
        api,
        quota?.scope,
        this.memoryCounters.consumeSync(req),
        now,
      );
    const budgetMs = Math.max(1, this.opts.dbTimeoutMs - (performance.now() - started));
    return this.opts.counters.consume(req, budgetMs).then(
      (result) => this.counted(orgId, entry, api, quota?.scope, result, now),
      (err: unknown) => {
        this.opts.log?.(
          `gateway: counter store error: ${err instanceof Error ? err.message : String(err)}`,
        );
        throw new GatewayServiceError("unavailable", "The rate-limit store is unavailable.");
      },
    );
  }

  /** A refusal of a call with a known key: counted as an error when the API is known. */
  private refused(
    orgId: string,
    entry: KeyEntry,
    api: GatewayApi | null,
    now: number,
    code: DecisionCode,
    extra?: Partial<Decision>,
  ): Decision {
    if (api) this.usage.record(orgId, entry.keyId, api.id, now, code);
    return decision(code, {
      keyId: entry.keyId,
      developerId: entry.developerId,
      apiId: api?.id ?? null,
      expiresAt: entry.expiresAtDate,
      ...extra,
    });
  }

  private counted(
    orgId: string,
    entry: KeyEntry,
    api: GatewayApi,
    quotaScope: string | undefined,
    result: ConsumeResult,
    now: number,
  ): Decision {
    if (result.outcome !== "ok")
      return this.refused(orgId, entry, api, now, result.outcome, {
        ratelimit: result.rate,
        quota: result.quota,
        retryAfter: Math.max(1, Math.ceil(result.retryAfterMs / 1000)),
      });
    if (quotaScope !== undefined && result.quotaPeriod !== null)
      this.usage.addQuota(orgId, entry.keyId, quotaScope, result.quotaPeriod);
    this.usage.record(orgId, entry.keyId, api.id, now, null);
    // The decision of a valid call, built in one piece (no spread of a partial).
    return {
      code: "valid",
      status: 200,
      keyId: entry.keyId,
      developerId: entry.developerId,
      apiId: api.id,
      ratelimit: result.rate,
      quota: result.quota,
      expiresAt: entry.expiresAtDate,
      retryAfter: null,
    };
  }

  /** The organisation's API index (usage ingestion resolves APIs by id, slug or path). */
  apiIndex(orgId: string): Promise<ApiIndex> {
    const now = this.now();
    const cached = this.apis.peek(orgId, now);
    return cached ? Promise.resolve(cached) : this.loadApis(orgId, now);
  }

  get store(): GatewayStore {
    return this.opts.store;
  }

  // ——— Invalidation: the console calls these (through lib/gateway/invalidate.ts) ———

  applyInvalidation({ type, id }: InvalidationMessage): void {
    if (type === "key") {
      this.oauth?.forgetKey(id);
      const cacheId = this.keyIds.get(id);
      if (cacheId) this.keys.delete(cacheId);
      this.keyIds.delete(id);
      const previousId = this.previousKeyIds.get(id);
      if (previousId) this.keys.delete(previousId);
      this.previousKeyIds.delete(id);
    } else if (type === "org") {
      this.tokenEpoch++;
      this.oauth?.forgetOrg(id);
      this.keys.deleteWhere((cacheId, v) => cacheId.startsWith(`${id}\u0000`) || v?.orgId === id);
      this.apis.delete(id);
      this.policies.delete(id);
      this.tokens.deleteWhere((_, v) => v.principal?.orgId === id);
    } else {
      this.tokenEpoch++;
      this.tokens.deleteWhere((_, v) => v.hash === id);
    }
  }

  invalidate(message: InvalidationMessage): void {
    this.applyInvalidation(message);
    this.opts.onInvalidate?.(message);
  }

  // ——— Write-behind ———

  /** Writes what was counted since the last flush; concurrent calls share one write. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.usage.drain();
    if (!batch) return Promise.resolve();
    this.flushing = this.opts.store
      .writeFlush(batch)
      .catch((err: unknown) => {
        this.opts.log?.(
          `gateway: usage flush failed, will retry: ${err instanceof Error ? err.message : String(err)}`,
        );
        // Keep counting while the database is away, up to a bound: past it, usage is dropped rather than memory.
        if (this.usage.size + batch.usage.length < MAX_BUFFERED_ROWS) this.usage.restore(batch);
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  /**
   * Resolves once everything counted before the call is written (or its write failed and was
   * kept for the next one). flush() alone may hand back a write that started before the latest
   * counts; serverless requests and shutdown need the one that holds them.
   */
  async flushPending(): Promise<void> {
    if (this.flushing) await this.flushing;
    await this.flush();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.flushing) await this.flushing;
    await this.flush();
    await this.opts.counters.close();
  }

  /** The quota counter this gateway enforces for a key and scope (portal dashboard: live quota). */
  peekQuota(keyId: string, scope: string) {
    return this.opts.counters.peekQuota(keyId, scope);
  }
}
