"use client";
import { Bar, BarChart, Line, LineChart } from "recharts";
import { formatNumber } from "@/components/ui/format";
import type { UsagePoint } from "@/lib/usage/series";
import { bucketFormat, ChartData, ChartFigure, timeBucketFrame } from "./chart-kit";

/**
 * Successes vs errors over time: stacked daily bars, or hourly lines, with the same numbers as a
 * table behind "Show data" (WCAG 1.1.1). The picture is one named image (role=img): Recharts'
 * keyboard layer (a focusable, unnamed role=application) is off, the table is the text version.
 */
export function UsageChart({
  points,
  granularity,
  label,
}: {
  points: UsagePoint[];
  granularity: "hour" | "day";
  label: string;
}) {
  const fmt = bucketFormat(granularity);
  const data = points.map((p) => ({ ...p, label: fmt.format(new Date(p.t * 1000)) }));
  const common = timeBucketFrame();
  return (
    <div className="space-y-2">
      <ChartFigure label={label} testId="usage-chart">
        {granularity === "day" ? (
          <BarChart data={data} accessibilityLayer={false}>
            {common}
            <Bar dataKey="successes" name="Successes" stackId="u" fill="#4f46e5" />
            <Bar dataKey="errors" name="Errors" stackId="u" fill="#dc2626" />
          </BarChart>
        ) : (
          <LineChart data={data} accessibilityLayer={false}>
            {common}
            <Line
              dataKey="successes"
              name="Successes"
              stroke="#4f46e5"
              dot={false}
              strokeWidth={2}
            />
            <Line dataKey="errors" name="Errors" stroke="#dc2626" dot={false} strokeWidth={2} />
          </LineChart>
        )}
      </ChartFigure>
      <ChartData
        label={label}
        testId="usage-data"
        columns={[granularity === "day" ? "Day (UTC)" : "Hour (UTC)", "Successes", "Errors"]}
        rows={data.map((p) => ({
          key: p.t,
          head: p.label,
          cells: [formatNumber(p.successes), formatNumber(p.errors)],
        }))}
      />
    </div>
  );
}
