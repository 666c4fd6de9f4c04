"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatNumber } from "@/components/ui/format";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { RefusalSummary } from "@/lib/usage/refusals";

const fmtDay = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const fmtHour = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

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
  const fmt = granularity === "day" ? fmtDay : fmtHour;
  const data = summary.points.map((p) => ({ ...p, label: fmt.format(new Date(p.t * 1000)) }));
  return (
    <div className="space-y-2">
      <figure
        role="img"
        aria-label={label}
        className="h-64 w-full text-slate-600"
        data-testid="refusal-chart"
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} accessibilityLayer={false}>
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
              contentStyle={{
                background: "var(--color-white)",
                borderColor: "var(--color-slate-300)",
              }}
            />
            <Legend
              wrapperStyle={{ fontSize: 12 }}
              formatter={(value) => <span className="text-slate-700">{value}</span>}
            />
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
        </ResponsiveContainer>
      </figure>
      <details className="text-sm" data-testid="refusal-data">
        <summary className="cursor-pointer text-slate-700">Show data</summary>
        <ScrollRegion className="mt-2 max-h-72 overflow-auto" label={`${label}: data`}>
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{label}</caption>
            <thead>
              <tr className="border-b border-slate-200 text-slate-700">
                <th scope="col" className="py-1 pr-4 font-medium">
                  {granularity === "day" ? "Day (UTC)" : "Hour (UTC)"}
                </th>
                {summary.series.map((s) => (
                  <th key={s.code} scope="col" className="py-1 pr-4 text-right font-medium">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary.points.map((p) => (
                <tr key={p.t} className="border-b border-slate-100">
                  <th scope="row" className="py-1 pr-4 font-normal">
                    {fmt.format(new Date(p.t * 1000))}
                  </th>
                  {summary.series.map((s) => (
                    <td key={s.code} className="py-1 pr-4 text-right">
                      {formatNumber(p[s.code] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </div>
  );
}
