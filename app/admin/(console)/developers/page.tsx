import { UserPlus, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterBar, FilterInput } from "@/components/ui/filter-bar";
import { formatDate } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listDevelopers } from "@/db/queries/developers";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { searchText } from "@/lib/validation/text";

export const metadata: Metadata = { title: "Developers" };
const PAGE_SIZE = 20;

const params = z.object({
  q: searchText(200),
  page: z.coerce.number().int().min(1).catch(1),
  deleted: z.string().optional(),
});

export default async function DevelopersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { orgId, admin } = await requireAdmin();
  const { q, page, deleted } = params.parse({ q: "", ...(await searchParams) });
  const { rows, total } = await listDevelopers(getDb(), orgId, {
    search: q,
    page,
    pageSize: PAGE_SIZE,
  });
  const canEdit = roleAllows(admin.role, "admin");
  const href = (p: number) =>
    `/admin/developers?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader
        title="Developers"
        description="Everyone with an account at your developer portal, newest first."
        actions={
          canEdit && (
            <ButtonLink href="/admin/developers/new">
              <UserPlus className="size-4" aria-hidden /> Add developer
            </ButtonLink>
          )
        }
      />
      {deleted && (
        <Alert tone="success" className="mb-4">
          Developer deleted and their keys revoked.
        </Alert>
      )}
      <FilterBar action="/admin/developers">
        <FilterInput
          name="q"
          label="Search developers by email"
          defaultValue={q}
          placeholder="Search by email"
        />
      </FilterBar>
      <Card>
        {rows.length === 0 ? (
          <EmptyState
            icon={Users}
            title={q ? `No developer email contains “${q}”` : "No developers yet"}
          >
            {q ? (
              <Link className="text-brand-700 underline" href="/admin/developers">
                Clear the search
              </Link>
            ) : (
              "Developers appear here when they sign up at your portal or when you add them."
            )}
          </EmptyState>
        ) : (
          <>
            <Table caption="Developers">
              <thead>
                <tr>
                  <Th>Email</Th>
                  <Th>Name</Th>
                  <Th className="text-right">Keys</Th>
                  <Th>Signed up</Th>
                  <Th>Status</Th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id} className="hover:bg-slate-50">
                    <Td className="break-all">
                      <Link
                        href={`/admin/developers/${d.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {d.email}
                      </Link>
                    </Td>
                    <Td>{d.name || "—"}</Td>
                    <Td className="text-right tabular-nums">{d.keyCount}</Td>
                    <Td className="whitespace-nowrap">{formatDate(d.createdAt)}</Td>
                    <Td>
                      <Badge tone={d.status === "active" ? "green" : "neutral"}>{d.status}</Badge>
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
