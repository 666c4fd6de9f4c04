import type { Granularity, UsageBucketRow } from "@/db/queries/usage-read";

export type UsagePoint = { t: number; requests: number; successes: number; errors: number };
export type UsageSummary = {
  points: UsagePoint[];
  totals: { requests: number; successes: number; errors: number; errorRate: number };
};

const STEP = { hour: 3600, day: 86400 } as const;

/** Range ending now, aligned to the bucket so the last bucket is the current hour/day. */
export function usageRange(days: number, granularity: Granularity, now = new Date()) {
  const step = STEP[granularity] * 1000;
  const to = new Date(Math.floor(now.getTime() / step) * step + step);
  const from = new Date(to.getTime() - Math.ceil((days * 86400_000) / step) * step);
  return { from, to, granularity };
}

/** Fills missing buckets with zeros so graphs show quiet periods instead of joining the dots. */
export function fillSeries(
  rows: UsageBucketRow[],
  range: { from: Date; to: Date; granularity: Granularity },
): UsageSummary {
  const step = STEP[range.granularity];
  const byT = new Map(rows.map((r) => [r.t, r]));
  const points: UsagePoint[] = [];
  for (let t = Math.floor(range.from.getTime() / 1000); t < range.to.getTime() / 1000; t += step) {
    const r = byT.get(t);
    points.push({
      t,
      requests: r?.requests ?? 0,
      successes: r?.successes ?? 0,
      errors: r?.errors ?? 0,
    });
  }
  const requests = points.reduce((a, p) => a + p.requests, 0);
  const successes = points.reduce((a, p) => a + p.successes, 0);
  const errors = points.reduce((a, p) => a + p.errors, 0);
  return {
    points,
    totals: { requests, successes, errors, errorRate: requests ? errors / requests : 0 },
  };
}
