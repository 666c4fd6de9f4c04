import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { RefusalChart } from "@/components/charts/refusal-chart";
import { UsagePanel } from "@/components/charts/usage-panel";
import { Alert } from "@/components/ui/alert";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { TextField } from "@/components/ui/field";
import { formatNumber } from "@/components/ui/format";
import { FilterSelect } from "@/components/ui/filter-bar";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import {
  type BreakdownRow,
  orgHourlySeries,
  orgRefusalSeries,
  usageBreakdown,
} from "@/db/queries/usage-page";
import { listApis } from "@/db/queries/apis";
import { orgUsageSeries } from "@/db/queries/usage-read";
import { requireAdmin } from "@/lib/auth/guards";
import { usagePageQuery, usagePageWindow } from "@/lib/usage/page-range";
import { type RefusalSummary, refusalSeries } from "@/lib/usage/refusals";
import { fillSeries } from "@/lib/usage/series";

export const metadata: Metadata = { title: "Usage" };

const PRESETS = [
  ["24h", "Last 24 hours"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
] as const;

/**
 * R-USAGE-PAGE: the organisation's traffic over any range — calls allowed and refused over time,
 * by API, the busiest developers and keys (linked to their profiles and analytics), and the
 * range as a streamed CSV.
 */
export default async function UsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId } = await requireAdmin();
  const q = usagePageQuery.parse(await searchParams);
  const chosen = usagePageWindow(q);
  const db = getDb();
  const window = chosen.ok ? chosen.window : null;
  // The API filter: an id of another organisation (or a deleted API) is no API of this one.
  const orgApis = await listApis(db, orgId);
  const api = orgApis.find((a) => a.id === q.api) ?? null;
  const filter = { apiId: api?.id };
  const [series, refusals, byApi, topDevelopers, topKeys] = window
    ? await Promise.all([
        window.granularity === "hour"
          ? orgHourlySeries(db, orgId, window, filter)
          : orgUsageSeries(db, orgId, window, filter),
        orgRefusalSeries(db, orgId, window, filter),
        usageBreakdown(db, orgId, window, "api", 10, filter),
        usageBreakdown(db, orgId, window, "developer", 10, filter),
        usageBreakdown(db, orgId, window, "key", 10, filter),
      ])
    : [[], [], [], [], []];
  const csvHref = window
    ? `/admin/usage/csv?from=${window.days.from}&to=${window.days.to}${api ? `&api_id=${api.id}` : ""}`
    : null;
  const apiParam = api ? `&api=${api.id}` : "";
  return (
    <>
      <PageHeader
        title="Usage"
        description="Calls the gateway decided for your organisation: allowed and refused."
        actions={
          csvHref && (
            <ButtonLink href={csvHref} variant="secondary" prefetch={false}>
              <Download className="size-4" aria-hidden /> Download CSV
            </ButtonLink>
          )
        }
      />
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <nav aria-label="Range" className="flex flex-wrap gap-1 text-sm">
          {PRESETS.map(([r, label]) => (
            <Link
              key={r}
              href={`/admin/usage?range=${r}${apiParam}`}
              aria-current={r === q.range ? "page" : undefined}
              className={cn(
                "rounded-md px-3 py-1",
                r === q.range
                  ? "bg-brand-50 font-medium text-brand-800"
                  : "text-slate-700 hover:bg-slate-100",
              )}
            >
              {label}
            </Link>
          ))}
        </nav>
        <form
          action="/admin/usage"
          className="flex flex-wrap items-end gap-2"
          aria-label="Custom range"
        >
          <input type="hidden" name="range" value="custom" />
          {api && <input type="hidden" name="api" value={api.id} />}
          <TextField
            name="from"
            label="From (UTC day)"
            type="date"
            defaultValue={q.from ?? window?.days.from}
          />
          <TextField
            name="to"
            label="To (UTC day)"
            type="date"
            defaultValue={q.to ?? window?.days.to}
          />
          <button type="submit" className={buttonClass({ variant: "secondary" })}>
            Show
          </button>
        </form>
      </div>
      {orgApis.length > 1 && (
        <form
          action="/admin/usage"
          className="mb-6 flex flex-wrap items-end gap-2"
          aria-label="API filter"
        >
          <input type="hidden" name="range" value={q.range} />
          {q.range === "custom" && q.from && <input type="hidden" name="from" value={q.from} />}
          {q.range === "custom" && q.to && <input type="hidden" name="to" value={q.to} />}
          <FilterSelect
            name="api"
            label="API"
            defaultValue={api?.id ?? ""}
            options={[["", "All APIs"], ...orgApis.map((a): [string, string] => [a.id, a.name])]}
          />
          <button type="submit" className={buttonClass({ variant: "secondary" })}>
            Apply
          </button>
        </form>
      )}
      {!chosen.ok ? (
        <Alert tone="error">{chosen.message}</Alert>
      ) : (
        <div className="space-y-6">
          <Card>
            <CardHeader
              title="Calls over time"
              description="Allowed calls are successes; refused ones (rate limit, quota, access, expired key) are errors."
            />
            <CardBody>
              <UsagePanel
                summary={fillSeries(series, chosen.window)}
                granularity={chosen.window.granularity}
                label={
                  api
                    ? `Calls to ${api.name} over the selected range`
                    : "Calls of the organisation over the selected range"
                }
              />
            </CardBody>
          </Card>
          <RefusalCard
            summary={refusalSeries(refusals, chosen.window)}
            granularity={chosen.window.granularity}
          />
          <div className="grid gap-6 lg:grid-cols-2 2xl:grid-cols-3">
            <BreakdownCard title="By API" caption="Usage by API" rows={byApi} href={() => null} />
            <BreakdownCard
              title="Top developers"
              caption="Top developers by calls"
              rows={topDevelopers}
              href={(r) => `/admin/developers/${r.id}`}
            />
            <BreakdownCard
              title="Top keys"
              caption="Top keys by calls"
              rows={topKeys}
              href={(r) =>
                r.developerId ? `/admin/developers/${r.developerId}/keys/${r.id}` : null
              }
            />
          </div>
        </div>
      )}
    </>
  );
}

/** Refused calls by code: the codes of the range with their share, and the same over time. */
function RefusalCard({
  summary,
  granularity,
}: {
  summary: RefusalSummary;
  granularity: "hour" | "day";
}) {
  return (
    <Card>
      <CardHeader
        title="Refusals by code"
        description="Why the gateway refused calls: each refused call counts once, under the code it was answered with."
      />
      {summary.total === 0 ? (
        <CardBody>
          <p className="text-sm text-slate-600" data-testid="refusals-empty">
            No refused calls in this range.
          </p>
        </CardBody>
      ) : (
        <div className="grid gap-6 p-4 sm:p-6 lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
          <Table caption="Refused calls by code" data-testid="refusal-codes">
            <thead>
              <tr>
                <Th>Code</Th>
                <Th className="text-right">Refused</Th>
                <Th className="text-right">Share</Th>
              </tr>
            </thead>
            <tbody>
              {summary.codes.map((c) => (
                <tr key={c.code}>
                  <Td className="break-words">
                    <span className="block">{c.label}</span>
                    <span className="block font-mono text-xs text-slate-600">
                      {c.status ? `${c.status} · ${c.code}` : c.code}
                    </span>
                  </Td>
                  <Td className="text-right tabular-nums" data-testid={`refused-${c.code}`}>
                    {formatNumber(c.total)}
                  </Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    {`${((c.total / summary.total) * 100).toFixed(1)} %`}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <RefusalChart
            summary={summary}
            granularity={granularity}
            label="Refused calls of the organisation by code over the selected range"
          />
        </div>
      )}
    </Card>
  );
}

function BreakdownCard({
  title,
  caption,
  rows,
  href,
}: {
  title: string;
  caption: string;
  rows: BreakdownRow[];
  href: (row: BreakdownRow) => string | null;
}) {
  return (
    <Card>
      <CardHeader title={title} />
      {rows.length === 0 ? (
        <CardBody>
          <p className="text-sm text-slate-600">No calls in this range.</p>
        </CardBody>
      ) : (
        <Table caption={caption}>
          <thead>
            <tr>
              <Th>{title === "By API" ? "API" : title === "Top keys" ? "Key" : "Developer"}</Th>
              <Th className="text-right">Calls</Th>
              <Th className="text-right">Refused</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const link = href(r);
              return (
                <tr key={r.id}>
                  <Td className="break-words">
                    {link ? (
                      <Link href={link} className="text-brand-700 hover:underline">
                        {r.label}
                      </Link>
                    ) : (
                      r.label
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{formatNumber(r.requests)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(r.errors)}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
