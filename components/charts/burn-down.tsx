"use client";
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const fmt = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

/** Remaining quota since the period began, and the projection at the current pace (dashed). */
export function BurnDown({
  points,
  label,
}: {
  points: Array<{ t: number; remaining: number | null; projected: number | null }>;
  label: string;
}) {
  return (
    <figure role="img" aria-label={label} className="h-28 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(t: number) => fmt.format(new Date(t))}
            tick={{ fontSize: 10, fill: "#475569" }}
            minTickGap={40}
          />
          <YAxis tick={{ fontSize: 10, fill: "#475569" }} width={48} allowDecimals={false} />
          <Tooltip labelFormatter={(t) => `${fmt.format(new Date(Number(t)))} UTC`} />
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
  );
}
