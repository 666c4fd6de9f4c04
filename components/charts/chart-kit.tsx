"use client";
import type { ReactElement } from "react";
import { CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/components/ui/format";
import { ScrollRegion } from "@/components/ui/scroll-region";

/** Bucket labels of every usage chart: days as "26 Nov", hours as "26 Nov, 14:00" (UTC). */
export const fmtDay = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
export const fmtHour = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});
export const bucketFormat = (granularity: "hour" | "day") =>
  granularity === "day" ? fmtDay : fmtHour;

/**
 * The picture of a time-bucket chart: one named image (role=img), 16rem high, filling its width.
 * Recharts' keyboard layer (a focusable, unnamed role=application) stays off in the chart itself
 * (`accessibilityLayer={false}`); "Show data" (ChartData) is the text version.
 */
export function ChartFigure({
  label,
  testId,
  children,
}: {
  label: string;
  testId: string;
  children: ReactElement;
}) {
  return (
    <figure
      role="img"
      aria-label={label}
      className="h-64 w-full text-slate-600"
      data-testid={testId}
    >
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * Grid, axes (labels on x, formatted counts on y), tooltip and legend of a time-bucket chart, as
 * one fragment to place inside a Recharts chart (Recharts reads its direct children).
 */
export function timeBucketFrame() {
  return (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
      <XAxis dataKey="label" tick={{ fontSize: 12, fill: "currentColor" }} minTickGap={24} />
      <YAxis
        tick={{ fontSize: 12, fill: "currentColor" }}
        tickFormatter={(v: number) => formatNumber(v)}
        allowDecimals={false}
        width={56}
      />
      <Tooltip
        formatter={(v) => formatNumber(Number(v))}
        contentStyle={{ background: "var(--color-white)", borderColor: "var(--color-slate-300)" }}
      />
      {/* Legend text in the page's text colour (Recharts colours it like the series, too faint
          on the dark theme); the swatch keeps the series colour. */}
      <Legend
        wrapperStyle={{ fontSize: 12 }}
        formatter={(value) => <span className="text-slate-700">{value}</span>}
      />
    </>
  );
}

/**
 * A chart's numbers as a table behind "Show data" (WCAG 1.1.1): the picture is one named image,
 * this is its text version. The first column names the row (a day, an hour, a time).
 */
export function ChartData({
  label,
  columns,
  rows,
  compact = false,
  testId,
}: {
  label: string;
  /** The row header's column first, then one per value. */
  columns: string[];
  rows: Array<{ key: string | number; head: string; cells: string[] }>;
  compact?: boolean;
  testId?: string;
}) {
  return (
    <details className={compact ? "text-xs" : "text-sm"} data-testid={testId}>
      <summary className="cursor-pointer text-slate-700">Show data</summary>
      <ScrollRegion
        className={cn("overflow-auto", compact ? "mt-1 max-h-48" : "mt-2 max-h-72")}
        label={`${label}: data`}
      >
        <table className="w-full text-left tabular-nums">
          <caption className="sr-only">{label}</caption>
          <thead>
            <tr className={compact ? "text-slate-700" : "border-b border-slate-200 text-slate-700"}>
              {columns.map((c, i) => (
                <th
                  key={c}
                  scope="col"
                  className={cn(
                    "font-medium",
                    compact ? "pr-3" : "py-1 pr-4",
                    i > 0 && "text-right",
                  )}
                >
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={compact ? undefined : "border-b border-slate-100"}>
                <th scope="row" className={cn("font-normal", compact ? "pr-3" : "py-1 pr-4")}>
                  {r.head}
                </th>
                {r.cells.map((v, i) => (
                  <td
                    // Cells are positional: the i-th value of the row, under the i-th column.
                    key={columns[i + 1] ?? i}
                    className={cn("text-right", compact ? "pr-3" : "py-1 pr-4")}
                  >
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}
