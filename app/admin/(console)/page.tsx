import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getOrgOverview } from "@/db/queries/stats";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Overview" };

export default async function AdminOverviewPage() {
  const { orgId, org } = await requireAdmin();
  const o = await getOrgOverview(getDb(), orgId, { days: 7 });
  const tiles = [
    { label: "Developers", value: o.developers, href: "/admin/developers" },
    { label: "Active keys", value: o.activeKeys, href: "/admin/keys" },
    { label: "Pending key requests", value: o.pendingKeyRequests, href: "/admin/key-requests" },
    { label: "Requests, last 7 days", value: o.requests7d, href: "/admin/usage" },
    { label: "Errors, last 7 days", value: o.errors7d, href: "/admin/usage" },
  ];
  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <>
            {org.name} · developer portal at{" "}
            <Link className="text-brand-700 underline" href={`/${org.slug}`}>
              /{org.slug}
            </Link>
          </>
        }
      />
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {tiles.map((t) => (
          <li key={t.label}>
            <Card className="p-4 hover:border-brand-600">
              <Link href={t.href} className="block">
                <p className="text-sm text-slate-600">{t.label}</p>
                <p className="mt-1 text-2xl font-semibold tabular-nums">
                  {t.value.toLocaleString("en-GB")}
                </p>
              </Link>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
