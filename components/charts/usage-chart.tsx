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

/** Successes vs errors over time: stacked daily bars, or hourly lines. */
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
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#475569" }} minTickGap={24} />
      <YAxis tick={{ fontSize: 12, fill: "#475569" }} allowDecimals={false} width={48} />
      <Tooltip formatter={(v) => Number(v).toLocaleString("en-GB")} />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  return (
    <figure role="img" aria-label={label} className="h-64 w-full" data-testid="usage-chart">
      <ResponsiveContainer width="100%" height="100%">
        {granularity === "day" ? (
          <BarChart data={data}>
            {common}
            <Bar dataKey="successes" name="Successes" stackId="u" fill="#4f46e5" />
            <Bar dataKey="errors" name="Errors" stackId="u" fill="#dc2626" />
          </BarChart>
        ) : (
          <LineChart data={data}>
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
  );
}
