import { Building2 } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatDateTime, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import type { OrganisationSummary } from "@/db/queries/operator";
import { requireAdmin } from "@/lib/auth/guards";
import { listOrganisationsForOperator } from "@/lib/orgs/manage";
import { appUrl } from "@/lib/url";
import { CreateOrganisationForm } from "./create-form";
import { OrganisationActions } from "./org-actions";

export const metadata: Metadata = { title: "Organisations" };
const PAGE_SIZE = 25;
const params = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

function Status({ org }: { org: OrganisationSummary }) {
  return org.suspendedAt ? (
    <Badge tone="red">Suspended · {formatDateTime(org.suspendedAt)}</Badge>
  ) : (
    <Badge tone="green">Active</Badge>
  );
}

/**
 * R-ORG-CREATE: the install operator's list of every organisation on the install. Anyone else
 * gets the console's 404 (the menu does not show the entry to them either).
 */
export default async function OrganisationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { admin, org: own } = await requireAdmin();
  const { page } = params.parse(await searchParams);
  const listed = await listOrganisationsForOperator(getDb(), { admin, org: own }, page, PAGE_SIZE);
  if (!listed.ok) notFound();
  const { rows, total } = listed.value;
  const base = appUrl();
  const view = (o: OrganisationSummary) => ({
    id: o.id,
    name: o.name,
    suspended: o.suspendedAt !== null,
    own: o.id === own.id,
  });
  return (
    <>
      <PageHeader
        title="Organisations"
        description="Every organisation on this install, newest first. Each has its own portal, admins, developers and keys; none sees another's."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="New organisation"
            description="Its owner gets an email with a link (valid 72 hours) to choose their name and password."
          />
          <CardBody>
            <CreateOrganisationForm portalBase={base} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="All organisations" />
          {rows.length === 0 ? (
            <EmptyState icon={Building2} title="No organisations">
              Create one above.
            </EmptyState>
          ) : (
            <>
              {/* Below 640 px: one card per organisation, nothing scrolls sideways. */}
              <ul className="divide-y divide-slate-100 sm:hidden" aria-label="Organisations">
                {rows.map((o) => (
                  <li key={o.id} className="space-y-2 px-4 py-3" data-testid="org-row">
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <span className="font-medium text-slate-900">
                        {o.name}
                        {o.id === own.id && (
                          <span className="ml-2">
                            <Badge tone="blue">Yours</Badge>
                          </span>
                        )}
                      </span>
                      <Status org={o} />
                    </div>
                    <a
                      href={`${base}/${o.slug}`}
                      className="block break-all text-sm text-brand-700 underline"
                    >
                      /{o.slug}
                    </a>
                    <p className="text-sm text-slate-600">
                      Created {formatDate(o.createdAt)} · {formatNumber(o.developers)}{" "}
                      {o.developers === 1 ? "developer" : "developers"}
                    </p>
                    <OrganisationActions org={view(o)} />
                  </li>
                ))}
              </ul>
              <div className="hidden sm:block">
                <Table caption="Organisations on this install">
                  <thead>
                    <tr>
                      <Th>Name</Th>
                      <Th>Portal</Th>
                      <Th>Created</Th>
                      <Th className="text-right">Developers</Th>
                      <Th>Status</Th>
                      <Th className="text-right">Actions</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((o) => (
                      <tr key={o.id} data-testid="org-row">
                        <Td className="font-medium">
                          {o.name}
                          {o.id === own.id && (
                            <span className="ml-2">
                              <Badge tone="blue">Yours</Badge>
                            </span>
                          )}
                        </Td>
                        <Td>
                          <a
                            href={`${base}/${o.slug}`}
                            className="break-all text-brand-700 underline"
                          >
                            /{o.slug}
                          </a>
                        </Td>
                        <Td className="whitespace-nowrap">{formatDate(o.createdAt)}</Td>
                        <Td className="text-right tabular-nums">{formatNumber(o.developers)}</Td>
                        <Td>
                          <Status org={o} />
                        </Td>
                        <Td className="text-right">
                          <OrganisationActions org={view(o)} />
                        </Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={total}
                href={(p) => `/admin/organisations?page=${p}`}
              />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
