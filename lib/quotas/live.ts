import { getGateway } from "@/lib/gateway/instance";
import type { QuotaReader } from "@/lib/portal/key-cards";

/**
 * The quota counters the gateway enforces (in process, or Redis when configured). When this
 * instance holds no counter for a key, key cards fall back to what the gateway persisted.
 */
export function liveQuotaReader(): QuotaReader {
  return async (_orgId, keyId, scope) => {
    const c = await getGateway()
      .peekQuota(keyId, scope)
      .catch(() => null);
    return c ? { used: c.used, renewsAt: new Date(c.renewsAt) } : undefined;
  };
}
