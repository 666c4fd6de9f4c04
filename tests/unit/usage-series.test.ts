import { describe, expect, it } from "vitest";
import { fillSeries, lastHoursRange, usageRange } from "@/lib/usage/series";

const HOUR_S = 3600;
const DAY_S = 86400;
const sec = (iso: string) => Date.parse(iso) / 1000;

describe("R-DEV-USAGE: usage ranges (usageRange)", () => {
  const now = new Date("2026-03-10T15:30:12Z");

  it("R-DEV-USAGE: 7 days by day ends with today (UTC) and starts 6 days before it", () => {
    const r = usageRange(7, "day", now);
    expect(r).toEqual({
      from: new Date("2026-03-04T00:00:00Z"),
      to: new Date("2026-03-11T00:00:00Z"),
      granularity: "day",
    });
  });

  it("R-DEV-USAGE: 7 days by hour: from midnight UTC six days ago to the end of the current hour, the same window as by day", () => {
    const r = usageRange(7, "hour", now);
    expect(r.to).toEqual(new Date("2026-03-10T16:00:00Z"));
    expect(r.from).toEqual(new Date("2026-03-04T00:00:00Z"));
    expect(r.from).toEqual(usageRange(7, "day", now).from);
    expect((r.to.getTime() - r.from.getTime()) / 1000 / HOUR_S).toBe(6 * 24 + 16);
  });

  it("R-KEY-ANALYTICS: the 24 h, 7 d and 30 d ranges of the analytics view", () => {
    const day = lastHoursRange(24, now);
    expect([day.from, day.to]).toEqual([
      new Date("2026-03-09T16:00:00Z"),
      new Date("2026-03-10T16:00:00Z"),
    ]);
    const month = usageRange(30, "day", now);
    expect([month.from, month.to]).toEqual([
      new Date("2026-02-09T00:00:00Z"),
      new Date("2026-03-11T00:00:00Z"),
    ]);
    expect(fillSeries([], month).points).toHaveLength(30);
    expect(fillSeries([], day).points).toHaveLength(24);
  });

  it("R-DEV-USAGE: exactly on a boundary, the bucket that starts now is the last one", () => {
    expect(usageRange(7, "day", new Date("2026-03-10T00:00:00Z")).to).toEqual(
      new Date("2026-03-11T00:00:00Z"),
    );
    expect(usageRange(1, "hour", new Date("2026-03-10T15:00:00Z")).to).toEqual(
      new Date("2026-03-10T16:00:00Z"),
    );
  });

  it("R-DEV-USAGE: the default 'now' is the current time", () => {
    const before = Date.now();
    const r = usageRange(1, "hour");
    expect(r.to.getTime()).toBeGreaterThan(before);
    expect(r.to.getTime()).toBeLessThanOrEqual(before + HOUR_S * 1000 + 1000);
  });
});

describe("R-DEV-USAGE: zero-filled series and totals (fillSeries)", () => {
  const range = usageRange(7, "day", new Date("2026-03-10T15:30:00Z"));

  it("R-DEV-USAGE: every bucket of the range is present, ascending, at UTC midnights in epoch seconds", () => {
    const { points } = fillSeries([], range);
    expect(points).toHaveLength(7);
    expect(points.map((p) => p.t)).toEqual(
      Array.from({ length: 7 }, (_, i) => sec("2026-03-04T00:00:00Z") + i * DAY_S),
    );
    expect(points.every((p) => p.requests === 0 && p.successes === 0 && p.errors === 0)).toBe(true);
  });

  it("R-DEV-USAGE: buckets with data keep their numbers; quiet ones are zero; totals add up with the error rate", () => {
    const rows = [
      { t: sec("2026-03-05T00:00:00Z"), requests: 100, successes: 90, errors: 10 },
      { t: sec("2026-03-10T00:00:00Z"), requests: 300, successes: 295, errors: 5 },
    ];
    const summary = fillSeries(rows, range);
    expect(summary.points.map((p) => p.requests)).toEqual([0, 100, 0, 0, 0, 0, 300]);
    expect(summary.points[1]).toEqual(rows[0]);
    expect(summary.points[6]).toEqual(rows[1]);
    expect(summary.totals).toEqual({
      requests: 400,
      successes: 385,
      errors: 15,
      errorRate: 15 / 400,
    });
  });

  it("R-DEV-USAGE: no traffic gives zero totals and an error rate of 0 (not NaN)", () => {
    expect(fillSeries([], range).totals).toEqual({
      requests: 0,
      successes: 0,
      errors: 0,
      errorRate: 0,
    });
  });

  it("R-DEV-USAGE: rows outside the range are not drawn or counted", () => {
    const rows = [
      { t: sec("2026-03-03T00:00:00Z"), requests: 50, successes: 50, errors: 0 },
      { t: sec("2026-03-11T00:00:00Z"), requests: 70, successes: 70, errors: 0 },
      { t: sec("2026-03-04T00:00:00Z"), requests: 1, successes: 0, errors: 1 },
    ];
    const summary = fillSeries(rows, range);
    expect(summary.points).toHaveLength(7);
    expect(summary.totals).toEqual({ requests: 1, successes: 0, errors: 1, errorRate: 1 });
  });

  it("R-KEY-ANALYTICS: hourly buckets over the last 24 hours", () => {
    const hourly = lastHoursRange(24, new Date("2026-03-10T15:30:00Z"));
    const rows = [
      { t: sec("2026-03-09T16:00:00Z"), requests: 4, successes: 4, errors: 0 },
      { t: sec("2026-03-10T15:00:00Z"), requests: 6, successes: 3, errors: 3 },
    ];
    const { points, totals } = fillSeries(rows, hourly);
    expect(points).toHaveLength(24);
    expect(points[0]).toEqual(rows[0]);
    expect(points[23]).toEqual(rows[1]);
    expect(points.slice(1, 23).every((p) => p.requests === 0)).toBe(true);
    expect(points[1]?.t).toBe(sec("2026-03-09T17:00:00Z"));
    expect(totals).toEqual({ requests: 10, successes: 7, errors: 3, errorRate: 0.3 });
  });
});
