import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterBar, FilterInput, FilterSelect } from "@/components/ui/filter-bar";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listOrgKeys } from "@/db/queries/keys";
import { requireAdmin } from "@/lib/auth/guards";
import { searchText } from "@/lib/validation/text";

export const metadata: Metadata = { title: "Keys" };
const PAGE_SIZE = 25;
const STATUS_TONE = { active: "green", inactive: "neutral", revoked: "red" } as const;
const query = z.object({
  q: searchText(200),
  status: z.enum(["active", "inactive", "revoked"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

export default async function KeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { orgId } = await requireAdmin();
  const { q, status, page } = query.parse({ q: "", ...(await searchParams) });
  const { rows, total } = await listOrgKeys(getDb(), orgId, {
    search: q,
    status,
    page,
    pageSize: PAGE_SIZE,
  });
  const href = (p: number) =>
    `/admin/keys?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader
        title="Keys"
        description="Every API key of every developer. Open a developer to create keys or change their policies."
      />
      <FilterBar action="/admin/keys">
        <FilterInput
          name="q"
          label="Search keys by developer email, alias or key start"
          defaultValue={q}
          placeholder="Email, alias or gh_…"
        />
        <FilterSelect
          name="status"
          label="Status"
          defaultValue={status}
          options={[
            ["", "Any status"],
            ["active", "Active"],
            ["inactive", "Inactive"],
            ["revoked", "Revoked"],
          ]}
        />
      </FilterBar>
      <Card>
        {rows.length === 0 ? (
          <EmptyState icon={KeyRound} title={q || status ? "No key matches" : "No keys yet"}>
            Keys are created when key requests are approved or when an admin creates one on a
            developer&apos;s profile.
          </EmptyState>
        ) : (
          <>
            <Table caption="Keys">
              <thead>
                <tr>
                  <Th>Key</Th>
                  <Th>Developer</Th>
                  <Th>Policies</Th>
                  <Th>Status</Th>
                  <Th>Created</Th>
                  <Th>Last used</Th>
                </tr>
              </thead>
              <tbody>
                {rows.map((k) => (
                  <tr key={k.id} className="hover:bg-slate-50">
                    <Td>
                      <Link
                        className="font-mono text-brand-700 hover:underline"
                        href={`/admin/developers/${k.developerId}/keys/${k.id}`}
                      >
                        {k.start}…
                      </Link>
                      {k.alias && <span className="block text-xs text-slate-600">{k.alias}</span>}
                    </Td>
                    <Td className="break-all">
                      <Link
                        className="text-brand-700 hover:underline"
                        href={`/admin/developers/${k.developerId}`}
                      >
                        {k.developerEmail}
                      </Link>
                    </Td>
                    <Td>{k.policies.map((p) => p.policyName).join(", ")}</Td>
                    <Td>
                      <Badge tone={STATUS_TONE[k.status]}>{k.status}</Badge>
                    </Td>
                    <Td className="whitespace-nowrap">{formatDate(k.createdAt)}</Td>
                    <Td className="whitespace-nowrap">
                      {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination page={page} pageSize={PAGE_SIZE} total={total} href={href} />
          </>
        )}
      </Card>
    </>
  );
}
