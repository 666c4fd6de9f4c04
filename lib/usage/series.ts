import type { Granularity, UsageBucketRow } from "@/db/queries/usage-read";

export type UsagePoint = { t: number; requests: number; successes: number; errors: number };
export type UsageSummary = {
  points: UsagePoint[];
  totals: { requests: number; successes: number; errors: number; errorRate: number };
};

const STEP = { hour: 3600, day: 86400 } as const;

/**
 * "The last N days", one definition for every view: the N UTC calendar days up to and including
 * today, from 00:00 UTC N−1 days ago until now. By day that is N buckets (today's is partial); by
 * hour, every hour from that same midnight to the current hour — so both views total the same.
 */
export function usageRange(days: number, granularity: Granularity, now = new Date()) {
  const day = STEP.day * 1000;
  const from = new Date((Math.floor(now.getTime() / day) - (days - 1)) * day);
  const step = STEP[granularity] * 1000;
  const to = new Date(Math.floor(now.getTime() / step) * step + step);
  return { from, to, granularity };
}

/** The last `hours` hours, hour by hour, ending with the current hour (key analytics' "24 h"). */
export function lastHoursRange(hours: number, now = new Date()) {
  const step = STEP.hour * 1000;
  const to = new Date(Math.floor(now.getTime() / step) * step + step);
  return { from: new Date(to.getTime() - hours * step), to, granularity: "hour" as const };
}

/** The window a summary covers, as the chart states it: "4 Mar – 10 Mar 2026 (UTC), up to now". */
export function describeWindow(summary: UsageSummary): string {
  const first = summary.points[0];
  const last = summary.points.at(-1);
  if (!first || !last) return "";
  // The last 24 hours is an hourly window of a day or so: it says from which hour even when that
  // hour is midnight (from 23:00 UTC on, its first hour is 00:00). Longer windows say days.
  const hourly =
    summary.points.length <= 48 &&
    (summary.points[1]?.t ?? first.t + STEP.hour) - first.t === STEP.hour;
  const fmt = (t: number, start: boolean) =>
    new Date(t * 1000).toLocaleString("en-GB", {
      day: "numeric",
      month: "short",
      ...(start ? {} : { year: "numeric" }),
      // A window that does not start at midnight, or the last 24 hours, says from which hour.
      ...(start && (hourly || t % STEP.day)
        ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
        : {}),
      timeZone: "UTC",
    });
  return `${fmt(first.t, true)} – ${fmt(last.t, false)} (UTC), up to now`;
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
