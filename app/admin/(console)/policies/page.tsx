import { Plus, ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { DeletedNotice } from "@/components/admin/deleted-notice";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listPolicies } from "@/db/queries/policies";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { formatQuota, formatRate } from "@/lib/policies/format";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId, admin } = await requireAdmin();
  const canEdit = roleAllows(admin.role, "admin");
  const policies = await listPolicies(getDb(), orgId);
  const newButton = canEdit ? (
    <ButtonLink href="/admin/policies/new">
      <Plus className="size-4" aria-hidden /> New policy
    </ButtonLink>
  ) : null;
  return (
    <>
      <PageHeader
        title="Policies"
        description="Rate limits, quotas and access rights. A key carries one or more policies; edits apply to every key at once."
        actions={policies.length ? newButton : null}
      />
      <DeletedNotice searchParams={searchParams}>Policy deleted.</DeletedNotice>
      <Card>
        {policies.length === 0 ? (
          <EmptyState icon={ShieldCheck} title="No policies yet" action={newButton}>
            A policy grants access to APIs with a rate limit and a quota. Publish it in the catalog
            so developers can request keys.
          </EmptyState>
        ) : (
          <Table caption="Policies">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Rate</Th>
                <Th>Quota</Th>
                <Th>APIs</Th>
                <Th>Tags</Th>
                <Th>Status</Th>
                <Th className="text-right">Keys</Th>
              </tr>
            </thead>
            <tbody>
              {policies.map((p) => (
                <tr key={p.id} className="hover:bg-slate-50">
                  <Td>
                    <Link
                      href={`/admin/policies/${p.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {p.name}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap tabular-nums">{formatRate(p.rate, p.per)}</Td>
                  <Td className="whitespace-nowrap tabular-nums">
                    {formatQuota(p.quotaMax, p.quotaRenewalSeconds)}
                  </Td>
                  <Td className="min-w-40">
                    {p.apis.length ? (
                      p.apis.map((a) => a.name).join(", ")
                    ) : (
                      <span className="text-slate-500">None</span>
                    )}
                  </Td>
                  <Td>
                    <span className="flex flex-wrap gap-1">
                      {p.tags.map((t) => (
                        <Badge key={t}>{t}</Badge>
                      ))}
                    </span>
                  </Td>
                  <Td>
                    {p.isInactive ? (
                      <Badge tone="amber">Inactive</Badge>
                    ) : (
                      <Badge tone="green">Active</Badge>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{p.keyCount.toLocaleString("en-GB")}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
