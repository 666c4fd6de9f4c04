"use client";
import { Bar, BarChart } from "recharts";
import { formatNumber } from "@/components/ui/format";
import type { RefusalSummary } from "@/lib/usage/refusals";
import { bucketFormat, ChartData, ChartFigure, timeBucketFrame } from "./chart-kit";

/** One colour per drawn code, distinct on light and dark backgrounds; "Other" is grey. */
const COLOURS = ["#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777"];
const OTHER = "#64748b";

/**
 * R-USAGE-PAGE: refused calls by code over time, stacked bars per hour or day, with the same
 * numbers as a table behind "Show data" (WCAG 1.1.1), like the calls chart.
 */
export function RefusalChart({
  summary,
  granularity,
  label,
}: {
  summary: RefusalSummary;
  granularity: "hour" | "day";
  label: string;
}) {
  const fmt = bucketFormat(granularity);
  const data = summary.points.map((p) => ({ ...p, label: fmt.format(new Date(p.t * 1000)) }));
  return (
    <div className="space-y-2">
      <ChartFigure label={label} testId="refusal-chart">
        <BarChart data={data} accessibilityLayer={false}>
          {timeBucketFrame()}
          {summary.series.map((s, i) => (
            <Bar
              key={s.code}
              dataKey={s.code}
              name={s.status ? `${s.label} (${s.status})` : s.label}
              stackId="r"
              fill={s.code === "other" ? OTHER : COLOURS[i % COLOURS.length]}
            />
          ))}
        </BarChart>
      </ChartFigure>
      <ChartData
        label={label}
        testId="refusal-data"
        columns={[
          granularity === "day" ? "Day (UTC)" : "Hour (UTC)",
          ...summary.series.map((s) => s.label),
        ]}
        rows={summary.points.map((p) => ({
          key: p.t,
          head: fmt.format(new Date(p.t * 1000)),
          cells: summary.series.map((s) => formatNumber(p[s.code] ?? 0)),
        }))}
      />
    </div>
  );
}
