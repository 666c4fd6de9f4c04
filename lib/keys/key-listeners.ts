type Listener = (orgId: string, keyIds: string[] | "all") => void;

// On globalThis: Next may load this module in more than one bundle of the same process.
const g = globalThis as unknown as { gatehouseKeyListeners?: Set<Listener> };
const listeners = (g.gatehouseKeyListeners ??= new Set<Listener>());

/**
 * Caches of verification decisions in this process (the gateway's) subscribe here; keysChanged
 * (lib/keys/invalidate.ts) calls them. Kept apart so the gateway, and the standalone verifier,
 * import no Next.js code.
 */
export function onKeysChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyKeyListeners(orgId: string, keyIds: string[] | "all"): void {
  for (const l of listeners) l(orgId, keyIds);
}
