import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { UsagePanel } from "@/components/charts/usage-panel";
import { KeyCardView } from "@/components/portal/key-card";
import { VerifyEmailBanner } from "../verify/verify-forms";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { developerUsageSeries } from "@/db/queries/usage-read";
import { requireDeveloper } from "@/lib/auth/guards";
import { loadKeyCards } from "@/lib/portal/key-cards";
import { liveQuotaReader } from "@/lib/quotas/live";
import { fillSeries, usageRange } from "@/lib/usage/series";

export const metadata: Metadata = { title: "Dashboard" };

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
