import type { ReactNode } from "react";
import { BurnDown } from "@/components/charts/burn-down";
import { PreviousKeyNote } from "@/components/keys/previous-key-note";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatDate, formatDateTime, formatNumber } from "@/components/ui/format";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { ipRulesText } from "@/lib/keys/ip-rules-text";
import type { KeyCard } from "@/lib/portal/key-cards";

const STATUS_TONE = { active: "green", inactive: "neutral", revoked: "red" } as const;

/** One key as its developer sees it: policies, limits per API, quota with next reset and burn-down. */
export function KeyCardView({ k, actions }: { k: KeyCard; actions?: ReactNode }) {
  return (
    <Card className="p-4 sm:p-5" data-testid="portal-key">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2">
            <code className="font-mono text-sm">{k.start}…</code>
            {k.alias && <span className="text-sm text-slate-700">{k.alias}</span>}
            <Badge tone={STATUS_TONE[k.status]}>{k.status}</Badge>
          </p>
          <p className="mt-1 text-xs text-slate-600">
            Created {formatDate(k.createdAt)} · Expires{" "}
            {k.expiresAt ? formatDate(k.expiresAt) : "never"} · Last used{" "}
            {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}
          </p>
          {k.previous && (
            <PreviousKeyNote start={k.previous.start} until={formatDateTime(k.previous.until)} />
          )}
          <p className="mt-1 text-sm text-slate-700">
            {k.policies
              .map((p) => (p.catalogEntries.length ? p.catalogEntries.join(", ") : p.policyName))
              .join(" · ")}
          </p>
        </div>
        {actions}
      </div>
      {k.status === "active" && k.limits.length > 0 && (
        <ScrollRegion className="mt-4 overflow-x-auto" label="Limits per API">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Limits per API</caption>
            <thead>
              <tr className="text-xs text-slate-600">
                <th scope="col" className="py-1 pr-4 font-medium">
                  API
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Rate limit
                </th>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Quota
                </th>
                <th scope="col" className="py-1 font-medium">
                  Access
                </th>
              </tr>
            </thead>
            <tbody>
              {k.limits.map((l) => (
                <tr key={l.api} className="border-t border-slate-100">
                  <td className="py-1.5 pr-4 font-medium">{l.api}</td>
                  <td className="py-1.5 pr-4" data-testid="rate-limit">
                    {l.rate}
                  </td>
                  <td className="py-1.5 pr-4">{l.quota}</td>
                  <td className="py-1.5 text-slate-600">{l.access}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {k.status === "active" && (
        <p className="mt-2 text-xs text-slate-600" data-testid="ip-rules">
          IP rules: {ipRulesText(k.allowedIps)}
        </p>
      )}
      {k.status === "active" &&
        k.quotas.map((q) => (
          <div key={q.scope} className="mt-4 rounded-md bg-slate-50 p-3" data-testid="quota">
            <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
              <span className="font-medium">Quota ({q.apis.join(", ")})</span>
              <span>
                <span data-testid="quota-used">{formatNumber(q.used)}</span> used ·{" "}
                <span data-testid="quota-remaining">{formatNumber(q.remaining)}</span> of{" "}
                {formatNumber(q.max)} remaining · resets {formatDateTime(q.renewsAt)}
              </span>
            </div>
            <div
              className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200"
              role="progressbar"
              aria-label="Quota used"
              aria-valuemin={0}
              aria-valuemax={q.max}
              aria-valuenow={q.used}
            >
              <div
                className="h-full bg-brand-600"
                style={{ width: `${Math.min(100, (q.used / Math.max(q.max, 1)) * 100)}%` }}
              />
            </div>
            <p className="mt-2 text-xs text-slate-700">
              {q.exhaustsAt
                ? `At the current pace the quota runs out on ${formatDateTime(q.exhaustsAt)}, before it resets.`
                : q.used > 0
                  ? "At the current pace the quota lasts until it resets."
                  : "Nothing used in this period yet."}
            </p>
            {q.used > 0 && (
              <BurnDown points={q.burnDown} label={`Quota burn-down for ${q.apis.join(", ")}`} />
            )}
          </div>
        ))}
    </Card>
  );
}
