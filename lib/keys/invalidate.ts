import { keyMessages, publishInvalidation } from "@/lib/gateway/invalidation-bus";

type Listener = (orgId: string, keyIds: string[] | "all") => void;

// On globalThis: Next may load this module in more than one bundle of the same process.
const g = globalThis as unknown as { gatehouseKeyListeners?: Set<Listener> };
const listeners = (g.gatehouseKeyListeners ??= new Set<Listener>());

/**
 * Keys, their policies or their developer changed (call after the change committed). The
 * gateway of this process, if it runs one, drops its cached decisions at once (it subscribes
 * here); with REDIS_URL, every other instance is told through pub/sub — from whatever process
 * made the change, even one that never served a gateway call.
 */
export function keysChanged(orgId: string, keyIds: string[] | "all"): void {
  for (const l of listeners) l(orgId, keyIds);
  publishInvalidation(keyMessages(orgId, keyIds));
}

export function onKeysChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
