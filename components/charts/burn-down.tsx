"use client";
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/components/ui/format";
import { ScrollRegion } from "@/components/ui/scroll-region";

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
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-700">Show data</summary>
        <ScrollRegion className="mt-1 max-h-48 overflow-y-auto" label={`${label}: data`}>
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{label}</caption>
            <thead>
              <tr className="text-slate-700">
                <th scope="col" className="pr-3 font-medium">
                  Time (UTC)
                </th>
                <th scope="col" className="pr-3 text-right font-medium">
                  Remaining
                </th>
                <th scope="col" className="text-right font-medium">
                  At this pace
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.t}>
                  <th scope="row" className="pr-3 font-normal">
                    {fmt.format(new Date(p.t))}
                  </th>
                  <td className="pr-3 text-right">
                    {p.remaining === null ? "—" : formatNumber(p.remaining)}
                  </td>
                  <td className="text-right">
                    {p.projected === null ? "—" : formatNumber(p.projected)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </div>
  );
}
