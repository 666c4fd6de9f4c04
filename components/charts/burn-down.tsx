"use client";
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/components/ui/format";
import { ChartData, fmtHour as fmt } from "./chart-kit";

/** Remaining quota since the period began, and the projection at the current pace (dashed). */
export function BurnDown({
  points,
  label,
}: {
  points: Array<{ t: number; remaining: number | null; projected: number | null }>;
  label: string;
}) {
  return (
    <div>
      <figure role="img" aria-label={label} className="h-28 w-full text-slate-600">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={points}
            margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
            accessibilityLayer={false}
          >
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={(t: number) => fmt.format(new Date(t))}
              tick={{ fontSize: 10, fill: "currentColor" }}
              minTickGap={40}
            />
            <YAxis
              tick={{ fontSize: 10, fill: "currentColor" }}
              tickFormatter={(v: number) => formatNumber(v)}
              width={56}
              allowDecimals={false}
            />
            <Tooltip
              labelFormatter={(t) => `${fmt.format(new Date(Number(t)))} UTC`}
              formatter={(v) => formatNumber(Number(v))}
              contentStyle={{
                background: "var(--color-white)",
                borderColor: "var(--color-slate-300)",
              }}
            />
            <Line
              dataKey="remaining"
              name="Remaining"
              stroke="#4f46e5"
              strokeWidth={2}
              dot={false}
              connectNulls
            />
            <Line
              dataKey="projected"
              name="At this pace"
              stroke="#d97706"
              strokeDasharray="5 4"
              strokeWidth={2}
              dot={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <ChartData
        label={label}
        compact
        columns={["Time (UTC)", "Remaining", "At this pace"]}
        rows={points.map((p) => ({
          key: p.t,
          head: fmt.format(new Date(p.t)),
          cells: [
            p.remaining === null ? "—" : formatNumber(p.remaining),
            p.projected === null ? "—" : formatNumber(p.projected),
          ],
        }))}
      />
    </div>
  );
}
