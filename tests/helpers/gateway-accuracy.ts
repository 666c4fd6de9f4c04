import type { ConsumeRequest } from "@/lib/gateway/counters";

/**
 * Sends `factor × limit` requests per window, evenly spaced, for `windows` windows starting at
 * an unaligned time, and returns how many passed and the theoretical maximum (as Unkey's
 * accuracy test does: min(sent, limit × windows)).
 */
export async function accuracyRun(
  consume: (req: ConsumeRequest) => Promise<{ outcome: string }>,
  {
    limit,
    windowMs,
    factor,
    windows,
    start,
    keyId = "key_a",
  }: {
    limit: number;
    windowMs: number;
    factor: number;
    windows: number;
    start: number;
    keyId?: string;
  },
) {
  const sent = Math.round(limit * factor * windows);
  const step = (windowMs * windows) / sent;
  let passed = 0;
  for (let i = 0; i < sent; i++) {
    const r = await consume({
      keyId,
      apiId: "api_a",
      limit,
      windowMs,
      quota: null,
      now: Math.floor(start + i * step),
    });
    if (r.outcome === "ok") passed++;
  }
  return { passed, max: Math.min(sent, limit * windows) };
}
