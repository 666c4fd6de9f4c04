import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { UsagePanel } from "@/components/charts/usage-panel";
import { KeyCardView } from "@/components/portal/key-card";
import { VerifyEmailBanner } from "../verify/verify-forms";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { developerUsageSeries } from "@/db/queries/usage-read";
import { requireDeveloper } from "@/lib/auth/guards";
import { type KeyCard, loadKeyCards } from "@/lib/portal/key-cards";
import { liveQuotaReader } from "@/lib/quotas/live";
import { fillSeries, usageRange } from "@/lib/usage/series";

export const metadata: Metadata = { title: "Dashboard" };

/**
 * R-QUOTA-ALERTS: the dashboard's banners — each quota of an active key at or past the
 * organisation's lowest alert threshold (none when alerts are off).
 */
function quotaWarnings(cards: KeyCard[], thresholds: number[]) {
  const lowest = Math.min(...thresholds);
  if (!Number.isFinite(lowest)) return [];
  return cards.flatMap((c) =>
    c.quotas
      .map((q) => ({
        id: `${c.id}:${q.scope}`,
        start: c.start,
        apis: q.apis.join(", "),
        pct: q.max > 0 ? Math.floor((q.used / q.max) * 100) : 0,
        renewsAt: q.renewsAt,
      }))
      .filter((w) => w.pct >= lowest),
  );
}

/** R-PORTAL-DASHBOARD: usage of the past 7 days and, per key, policies, rate limit and live quota. */
export default async function DashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ g?: string; verified?: string }>;
}) {
  const { org: slug } = await params;
  const { developer, orgId, org } = await requireDeveloper(slug);
  const sp = await searchParams;
  const g = sp.g === "hour" ? "hour" : "day";
  const db = getDb();
  const range = usageRange(7, g);
  const [rows, cards] = await Promise.all([
    developerUsageSeries(db, orgId, developer.id, range),
    loadKeyCards(db, orgId, developer.id, liveQuotaReader()),
  ]);
  const active = cards.filter((c) => c.status === "active");
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Welcome${developer.name ? `, ${developer.name}` : ""}. Your API usage and keys.`}
        actions={
          <ButtonLink href={`/${slug}/catalog`} variant="secondary">
            Browse the catalog
          </ButtonLink>
        }
      />
      {sp.verified && (
        <Alert tone="success" className="mb-6">
          Email confirmed. You can now request keys.
        </Alert>
      )}
      {quotaWarnings(active, org.quotaAlertThresholds).map((w) => (
        <Alert key={w.id} tone={w.pct >= 100 ? "error" : "info"} className="mb-4">
          {w.pct >= 100
            ? `Key ${w.start}… has used its whole quota for ${w.apis}: calls are refused until ${formatDateTime(w.renewsAt)}.`
            : `Key ${w.start}… has used ${w.pct} % of its quota for ${w.apis}; it renews on ${formatDateTime(w.renewsAt)}.`}
        </Alert>
      ))}
      {org.requireEmailVerification && !developer.emailVerifiedAt && (
        <VerifyEmailBanner org={slug} email={developer.email} />
      )}
      <Card>
        <CardHeader title="Usage, last 7 days" description="All your keys together." />
        <CardBody>
          <UsagePanel
            summary={fillSeries(rows, range)}
            granularity={g}
            label="Your API usage over the last 7 days"
            switchHref={(x) => `/${slug}/dashboard?g=${x}`}
          />
        </CardBody>
      </Card>
      <h2 className="mb-3 mt-8 text-lg font-semibold">Your keys</h2>
      {active.length === 0 ? (
        <Card>
          <EmptyState
            icon={KeyRound}
            title="No active keys"
            action={<ButtonLink href={`/${slug}/catalog`}>Request access</ButtonLink>}
          >
            Request access to an API in the catalog to get a key.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-4">
          {active.map((k) => (
            <KeyCardView key={k.id} k={k} />
          ))}
        </div>
      )}
    </>
  );
}
