import { describe, expect, it } from "vitest";
import { refusalLabel, refusalSeries } from "@/lib/usage/refusals";

const HOUR = 3600;
const from = new Date(Date.UTC(2026, 10, 20, 0));
const range = {
  from,
  to: new Date(from.getTime() + 4 * HOUR * 1000),
  granularity: "hour" as const,
};
const t0 = from.getTime() / 1000;

describe("R-USAGE-PAGE: refusals by code over time (lib/usage/refusals.ts)", () => {
  it("R-USAGE-PAGE: every bucket of the range is a point (quiet hours are zeros), busiest code first", () => {
    const s = refusalSeries(
      [
        { t: t0, code: "rate_limited", refusals: 3 },
        { t: t0, code: "no_access", refusals: 1 },
        { t: t0 + 2 * HOUR, code: "rate_limited", refusals: 2 },
      ],
      range,
    );
    expect(s.total).toBe(6);
    expect(s.codes.map((c) => [c.code, c.total])).toEqual([
      ["rate_limited", 5],
      ["no_access", 1],
    ]);
    expect(s.points).toEqual([
      { t: t0, rate_limited: 3, no_access: 1 },
      { t: t0 + HOUR, rate_limited: 0, no_access: 0 },
      { t: t0 + 2 * HOUR, rate_limited: 2, no_access: 0 },
      { t: t0 + 3 * HOUR, rate_limited: 0, no_access: 0 },
    ]);
  });

  it("R-USAGE-PAGE: beyond five codes the rarest share one 'Other' series; the table still lists each", () => {
    const codes = [
      "rate_limited",
      "quota_exceeded",
      "no_access",
      "key_expired",
      "http_503",
      "ip_not_allowed",
      "key_revoked",
    ];
    const rows = codes.map((code, i) => ({ t: t0 + HOUR, code, refusals: 10 - i }));
    const s = refusalSeries(rows, range);
    expect(s.codes).toHaveLength(7);
    expect(s.series.map((c) => c.code)).toEqual([
      "rate_limited",
      "quota_exceeded",
      "no_access",
      "key_expired",
      "other",
    ]);
    expect(s.series.at(-1)?.total).toBe(6 + 5 + 4);
    const point: Record<string, number> = s.points[1] ?? {};
    expect(s.series.reduce((a, c) => a + (point[c.code] ?? 0), 0)).toBe(s.total);
  });

  it("R-USAGE-PAGE: codes are labelled with their status; a gateway's reported status reads 'HTTP n'", () => {
    expect(refusalLabel("quota_exceeded")).toEqual({ label: "Quota exceeded", status: 429 });
    expect(refusalLabel("ip_not_allowed")).toEqual({ label: "IP not allowed", status: 403 });
    expect(refusalLabel("http_503")).toEqual({ label: "HTTP 503", status: 503 });
    expect(refusalLabel("unknown")).toEqual({ label: "unknown", status: null });
    // Not a code of ours, even if an Object property: shown as it is.
    expect(refusalLabel("toString")).toEqual({ label: "toString", status: null });
  });
});
