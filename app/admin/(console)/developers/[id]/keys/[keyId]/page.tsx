import { Download } from "lucide-react";
import { ButtonLink } from "@/components/ui/button";
import { BackLink } from "@/components/ui/back-link";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { UsagePanel } from "@/components/charts/usage-panel";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatNumber } from "@/components/ui/format";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { getKeyView } from "@/db/queries/keys";
import { keyUsageByApi, keyUsageSeries } from "@/db/queries/usage-read";
import { requireAdmin } from "@/lib/auth/guards";
import { parseId } from "@/lib/validation/ids";
import { usageCsvHref } from "@/lib/usage/page-range";
import { fillSeries, lastHoursRange, usageRange } from "@/lib/usage/series";

export const metadata: Metadata = { title: "Key analytics" };

const RANGES = { "24h": 1, "7d": 7, "30d": 30 } as const;
const query = z.object({
  range: z.enum(["24h", "7d", "30d"]).catch("7d"),
  g: z.enum(["hour", "day"]).optional().catch(undefined),
});

/** R-KEY-ANALYTICS: one key's usage over time, by API, successes vs errors. */
export default async function KeyAnalyticsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; keyId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { orgId } = await requireAdmin();
  const p = await params;
  const id = parseId(p.id, "dev") ?? notFound();
  const keyId = parseId(p.keyId, "key") ?? notFound();
  const q = query.parse({ range: "7d", ...(await searchParams) });
  // The last 24 hours are shown hour by hour; longer windows by day unless Hourly is chosen.
  const granularity = q.range === "24h" ? "hour" : (q.g ?? "day");
  const db = getDb();
  const key = await getKeyView(db, orgId, keyId);
  if (!key || key.developerId !== id) notFound();
  const range = q.range === "24h" ? lastHoursRange(24) : usageRange(RANGES[q.range], granularity);
  const [rows, byApi] = await Promise.all([
    keyUsageSeries(db, orgId, keyId, range),
    keyUsageByApi(db, orgId, keyId, range),
  ]);
  const href = (r: string, g: string) => `/admin/developers/${id}/keys/${keyId}?range=${r}&g=${g}`;
  return (
    <>
      <BackLink href={`/admin/developers/${id}`}>Developer</BackLink>
      <div className="mb-6">
        <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
          Analytics of <code className="font-mono">{key.start}…</code>{" "}
          <Badge tone={key.status === "active" ? "green" : "red"}>{key.status}</Badge>
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {key.alias ? `${key.alias} · ` : ""}Policies:{" "}
          {key.policies.map((p) => p.policyName).join(", ")} · Last used{" "}
          {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "never"}
        </p>
      </div>
      <nav aria-label="Range" className="mb-4 flex flex-wrap gap-1 text-sm">
        {(Object.keys(RANGES) as Array<keyof typeof RANGES>).map((r) => (
          <Link
            key={r}
            href={href(r, r === "24h" ? "hour" : "day")}
            aria-current={r === q.range ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1",
              r === q.range
                ? "bg-brand-50 font-medium text-brand-800"
                : "text-slate-700 hover:bg-slate-100",
            )}
          >
            {r === "24h" ? "Last 24 hours" : r === "7d" ? "Last 7 days" : "Last 30 days"}
          </Link>
        ))}
      </nav>
      <Card>
        <CardHeader
          title="Requests over time"
          actions={
            <ButtonLink
              href={usageCsvHref(range, { keyId: key.id })}
              variant="secondary"
              size="sm"
              prefetch={false}
            >
              <Download className="size-4" aria-hidden /> Download CSV
            </ButtonLink>
          }
        />
        <CardBody>
          <UsagePanel
            summary={fillSeries(rows, range)}
            granularity={granularity}
            label={`Usage of key ${key.start} over the selected range`}
            switchHref={(g) => href(q.range, g)}
          />
        </CardBody>
      </Card>
      <Card className="mt-6">
        <CardHeader title="By API" />
        {byApi.length === 0 ? (
          <CardBody>
            <p className="text-sm text-slate-600">No calls in this range.</p>
          </CardBody>
        ) : (
          <Table caption="Usage by API">
            <thead>
              <tr>
                <Th>API</Th>
                <Th className="text-right">Requests</Th>
                <Th className="text-right">Successes</Th>
                <Th className="text-right">Errors</Th>
              </tr>
            </thead>
            <tbody>
              {byApi.map((a) => (
                <tr key={a.apiId}>
                  <Td>{a.apiName}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(a.requests)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(a.successes)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(a.errors)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
