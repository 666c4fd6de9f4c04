import { BookOpen } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { apisOfPolicies, listPublicCatalogEntries } from "@/db/queries/catalog-public";
import { requirePortalOrg } from "@/lib/auth/guards";
import { approvalModeOf } from "@/lib/keyrequests/request";

export const metadata: Metadata = { title: "API catalog" };

/** R-CATALOG: the organisation's published APIs. */
export default async function CatalogPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const org = await requirePortalOrg(slug);
  const db = getDb();
  const entries = await listPublicCatalogEntries(db, org.id);
  const apis = await apisOfPolicies(db, org.id, [...new Set(entries.map((e) => e.policyId))]);
  return (
    <>
      <PageHeader
        title="API catalog"
        description={`The APIs of ${org.name}. Open one to read its documentation and request access.`}
      />
      {entries.length === 0 ? (
        <Card>
          <EmptyState icon={BookOpen} title="No APIs published yet">
            Check back soon.
          </EmptyState>
        </Card>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {entries.map((e) => {
            const mode = approvalModeOf(org, e);
            // R-OAUTH-CLIENTS: an entry whose API uses OAuth gives a client, not a key.
            const oauth = (apis.get(e.policyId) ?? []).some((a) => a.authType === "oauth");
            return (
              <li key={e.id}>
                <Card className="flex h-full flex-col p-5">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <h2 className="text-lg font-semibold">
                      <Link href={`/${slug}/catalog/${e.slug}`} className="hover:underline">
                        {e.name}
                      </Link>
                    </h2>
                    <Badge tone={mode === "auto" ? "green" : "blue"}>
                      {mode === "auto"
                        ? oauth
                          ? "Instant OAuth client"
                          : "Instant key"
                        : mode === "redirect"
                          ? "External sign-up"
                          : "Reviewed"}
                    </Badge>
                  </div>
                  <p className="mt-2 flex-1 text-sm text-slate-700">{e.shortDescription}</p>
                  <p className="mt-3 text-xs text-slate-600">
                    APIs: {(apis.get(e.policyId) ?? []).map((a) => a.name).join(", ") || "—"}
                  </p>
                  <Link
                    href={`/${slug}/catalog/${e.slug}`}
                    className="mt-3 text-sm font-medium text-brand-700 hover:underline"
                  >
                    Documentation &amp; access<span className="sr-only"> for {e.name}</span>{" "}
                    <span aria-hidden>→</span>
                  </Link>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
