import { getGateway } from "./instance";

/**
 * For the console: call after the change has committed. The cache of this process drops the
 * entry at once; with REDIS_URL every other instance is told through pub/sub; without Redis,
 * other instances see the change within GATEWAY_CACHE_TTL_SECONDS (≤ 10 s). Never throws.
 */
export function invalidateKey(keyId: string): void {
  safely(() => getGateway().invalidate({ type: "key", id: keyId }));
}

/** A policy, an API or anything shared by many keys of the organisation changed. */
export function invalidateOrg(orgId: string): void {
  safely(() => getGateway().invalidate({ type: "org", id: orgId }));
}

/** A gateway token was revoked (its SHA-256 hash, as stored in api_tokens.hash). */
export function invalidateGatewayToken(tokenHash: string): void {
  safely(() => getGateway().invalidate({ type: "token", id: tokenHash }));
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error(
      `gateway: invalidation failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
