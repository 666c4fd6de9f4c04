import { keysChanged } from "@/lib/keys/invalidate";

/**
 * Gateways cache what they resolve per organisation (APIs by listen path, each key's policies).
 * Every configuration change that alters what a key may do calls this once its transaction has
 * committed, so "editing a policy changes the limits of every key that carries it at once".
 *
 * Through lib/keys/invalidate (as key and developer changes do): the gateway of this process
 * subscribes there and forwards the invalidation to
 * other instances over Redis, while code that only edits configuration (scripts, tests) never
 * starts a gateway runtime (database client, flush timer, Redis connection) just to publish.
 */
export function invalidateGatewayCache(orgId: string): void {
  keysChanged(orgId, "all");
}
