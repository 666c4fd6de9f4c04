"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatNumber } from "@/components/ui/format";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { UsagePoint } from "@/lib/usage/series";

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
  const data = points.map((p) => ({
    ...p,
    label: (granularity === "day" ? fmtDay : fmtHour).format(new Date(p.t * 1000)),
  }));
  const common = (
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
  return (
    <div className="space-y-2">
      <figure
        role="img"
        aria-label={label}
        className="h-64 w-full text-slate-600"
        data-testid="usage-chart"
      >
        <ResponsiveContainer width="100%" height="100%">
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
        </ResponsiveContainer>
      </figure>
      <details className="text-sm" data-testid="usage-data">
        <summary className="cursor-pointer text-slate-700">Show data</summary>
        <ScrollRegion className="mt-2 max-h-72 overflow-y-auto" label={`${label}: data`}>
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{label}</caption>
            <thead>
              <tr className="border-b border-slate-200 text-slate-700">
                <th scope="col" className="py-1 pr-4 font-medium">
                  {granularity === "day" ? "Day (UTC)" : "Hour (UTC)"}
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-medium">
                  Successes
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Errors
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((p) => (
                <tr key={p.t} className="border-b border-slate-100">
                  <th scope="row" className="py-1 pr-4 font-normal">
                    {p.label}
                  </th>
                  <td className="py-1 pr-4 text-right">{formatNumber(p.successes)}</td>
                  <td className="py-1 text-right">{formatNumber(p.errors)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </div>
  );
}
