import { BarChart3 } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber } from "@/components/ui/format";
import { describeWindow, type UsageSummary } from "@/lib/usage/series";
import { UsageChart } from "./usage-chart";

/** Totals + graph + empty state; granularity switch as plain links (works without JS). */
export function UsagePanel({
  summary,
  granularity,
  label,
  switchHref,
}: {
  summary: UsageSummary;
  granularity: "hour" | "day";
  label: string;
  switchHref?: (g: "hour" | "day") => string;
}) {
  const { totals } = summary;
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-600" data-testid="usage-window">
        {describeWindow(summary)}
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Requests", formatNumber(totals.requests)],
          ["Successes", formatNumber(totals.successes)],
          ["Errors", formatNumber(totals.errors)],
          ["Error rate", `${(totals.errorRate * 100).toFixed(1)} %`],
        ].map(([k, v]) => (
          <div key={k} className="rounded-md bg-slate-50 px-3 py-2">
            <dt className="text-xs text-slate-600">{k}</dt>
            <dd
              className="text-lg font-semibold tabular-nums"
              data-testid={`usage-total-${String(k).toLowerCase().replace(" ", "-")}`}
            >
              {v}
            </dd>
          </div>
        ))}
      </dl>
      {switchHref && (
        <div className="flex gap-1 text-sm" role="group" aria-label="Granularity">
          {(["day", "hour"] as const).map((g) => (
            <Link
              key={g}
              href={switchHref(g)}
              aria-current={g === granularity ? "true" : undefined}
              // The current choice keeps a border in forced colours, where backgrounds are dropped
              // (WCAG 1.4.11); the others' borders take the page colour there.
              className={cn(
                "rounded-md border px-3 py-1",
                g === granularity
                  ? "border-transparent bg-brand-50 font-medium text-brand-800"
                  : "border-transparent text-slate-700 hover:bg-slate-100 forced-colors:border-[Canvas]",
              )}
              scroll={false}
            >
              {g === "day" ? "Daily" : "Hourly"}
            </Link>
          ))}
        </div>
      )}
      {totals.requests === 0 ? (
        <EmptyState icon={BarChart3} title="No traffic in this period">
          Calls verified by the gateway appear here within seconds.
        </EmptyState>
      ) : (
        <UsageChart points={summary.points} granularity={granularity} label={label} />
      )}
    </div>
  );
}
