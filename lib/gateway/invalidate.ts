import type { InvalidationMessage } from "./gateway";
import { currentGateway } from "./instance";
import { untilSent } from "@/lib/keys/invalidate";
import { publishInvalidation } from "./invalidation-bus";
import { errorText, gatewayLog } from "@/lib/log";

/**
 * A gateway token was revoked (its SHA-256 hash, as stored in api_tokens.hash). Call after the
 * change has committed: this process's gateway (if it runs one) drops the token at once; with
 * REDIS_URL every other instance is told through pub/sub, whether or not this process ever
 * served a gateway call; without Redis, other instances see it within GATEWAY_CACHE_TTL_SECONDS.
 * Never throws. Key, developer and policy changes go through keysChanged (lib/keys/invalidate.ts).
 */
export function invalidateGatewayToken(tokenHash: string): void {
  invalidate({ type: "token", id: tokenHash });
}

function invalidate(message: InvalidationMessage): void {
  try {
    currentGateway()?.applyInvalidation(message);
  } catch (err) {
    gatewayLog.error({ err: errorText(err) }, "invalidation failed");
  }
  untilSent(publishInvalidation([message]));
}
