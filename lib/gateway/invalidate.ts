import type { InvalidationMessage } from "./gateway";
import { currentGateway } from "./instance";
import { untilSent } from "@/lib/keys/invalidate";
import { publishInvalidation } from "./invalidation-bus";

/**
 * For the console: call after the change has committed. This process's gateway (if it runs one)
 * drops the entry at once; with REDIS_URL every other instance is told through pub/sub, whether
 * or not this process ever served a gateway call; without Redis, other instances see the change
 * within GATEWAY_CACHE_TTL_SECONDS (≤ 10 s). Never throws. Key, developer and policy changes
 * usually go through keysChanged (lib/keys/invalidate.ts), which does the same.
 */
export function invalidateKey(keyId: string): void {
  invalidate({ type: "key", id: keyId });
}

/** A policy, an API or anything shared by many keys of the organisation changed. */
export function invalidateOrg(orgId: string): void {
  invalidate({ type: "org", id: orgId });
}

/** A gateway token was revoked (its SHA-256 hash, as stored in api_tokens.hash). */
export function invalidateGatewayToken(tokenHash: string): void {
  invalidate({ type: "token", id: tokenHash });
}

function invalidate(message: InvalidationMessage): void {
  try {
    currentGateway()?.applyInvalidation(message);
  } catch (err) {
    console.error(
      `gateway: invalidation failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  untilSent(publishInvalidation([message]));
}
