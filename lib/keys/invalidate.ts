type Listener = (orgId: string, keyIds: string[] | "all") => void;

// On globalThis: Next may load this module in more than one bundle of the same process.
const g = globalThis as unknown as { gatehouseKeyListeners?: Set<Listener> };
const listeners = (g.gatehouseKeyListeners ??= new Set<Listener>());

/**
 * Keys, their policies or their developer changed: caches of verification decisions (the
 * gateway's) subscribe here, so a change takes effect at once on this instance.
 */
export function keysChanged(orgId: string, keyIds: string[] | "all"): void {
  for (const l of listeners) l(orgId, keyIds);
}

export function onKeysChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
