import type { QuotaReader } from "@/lib/portal/key-cards";

/**
 * The quota counters the gateway enforces. Until the gateway exposes its live counters this
 * returns undefined, and key cards fall back to what the gateway persisted in quota_usage.
 */
export function liveQuotaReader(): QuotaReader | undefined {
  return undefined;
}
