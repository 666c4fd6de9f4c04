import { Ticket } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { KeyRequestActions } from "./key-request-actions";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterBar, FilterInput, FilterSelect } from "@/components/ui/filter-bar";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listCatalogEntries } from "@/db/queries/catalog";
import { listKeyRequests } from "@/db/queries/key-requests";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { searchText } from "@/lib/validation/text";

export const metadata: Metadata = { title: "Key requests" };
const PAGE_SIZE = 25;
const TONE = { pending: "amber", approved: "green", declined: "red" } as const;
const query = z.object({
  status: z.enum(["pending", "approved", "declined", "all"]).catch("pending"),
  entry: searchText(60),
  developer: searchText(200),
  page: z.coerce.number().int().min(1).catch(1),
});

/** "Company" → "Company:", but "What will you build?" keeps its own punctuation. */
function asLabel(label: string) {
  return /[?:!.]$/.test(label) ? label : `${label}:`;
}

export default async function KeyRequestsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { orgId, admin } = await requireAdmin();
  const f = query.parse({ status: "pending", entry: "", developer: "", ...(await searchParams) });
  const db = getDb();
  const [{ rows, total }, entries] = await Promise.all([
    listKeyRequests(db, orgId, {
      status: f.status === "all" ? undefined : f.status,
      catalogEntryId: f.entry || undefined,
      developer: f.developer,
      page: f.page,
      pageSize: PAGE_SIZE,
    }),
    listCatalogEntries(db, orgId),
  ]);
  const canDecide = roleAllows(admin.role, "admin");
  const href = (p: number) =>
    `/admin/key-requests?${new URLSearchParams({ status: f.status, ...(f.entry ? { entry: f.entry } : {}), ...(f.developer ? { developer: f.developer } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader
        title="Key requests"
        description="Requests for access from the catalog. Approving issues a key; declining tells the developer why."
      />
      <FilterBar action="/admin/key-requests">
        <FilterSelect
          name="status"
          label="Status"
          defaultValue={f.status}
          options={[
            ["pending", "Pending"],
            ["approved", "Approved"],
            ["declined", "Declined"],
            ["all", "All"],
          ]}
        />
        <FilterSelect
          name="entry"
          label="Catalog entry"
          defaultValue={f.entry}
          options={[
            ["", "Any catalog entry"],
            ...entries.map((e) => [e.id, e.name] as [string, string]),
          ]}
        />
        <FilterInput
          name="developer"
          label="Developer email"
          defaultValue={f.developer}
          placeholder="Developer email"
        />
      </FilterBar>
      <Card>
        {rows.length === 0 ? (
          <EmptyState
            icon={Ticket}
            title={f.status === "pending" ? "No pending requests" : "No matching requests"}
          >
            Requests appear here when developers ask for access to catalog entries that need
            approval.
          </EmptyState>
        ) : (
          <>
            <Table caption="Key requests">
              <thead>
                <tr>
                  <Th>Developer</Th>
                  <Th>Catalog entry</Th>
                  <Th>Policy</Th>
                  <Th>Reasons</Th>
                  <Th>Requested</Th>
                  <Th>Status</Th>
                  {canDecide && <Th>Decision</Th>}
                </tr>
              </thead>
              <tbody>
                {rows.map(({ request: r, developerEmail, entryName, entryFields, policyNames }) => (
                  <tr key={r.id} data-testid="key-request-row">
                    <Td className="break-all">
                      <Link
                        className="text-brand-700 hover:underline"
                        href={`/admin/developers/${r.developerId}`}
                      >
                        {developerEmail}
                      </Link>
                    </Td>
                    <Td>{entryName}</Td>
                    <Td>{policyNames.length ? policyNames.join(", ") : "(policy deleted)"}</Td>
                    <Td className="max-w-xs text-xs">
                      {Object.entries(r.reasonAnswers).map(([k, v]) => (
                        <p key={k}>
                          <span className="text-slate-600">
                            {asLabel(entryFields.find((fd) => fd.key === k)?.label ?? k)}
                          </span>{" "}
                          {typeof v === "boolean" ? (v ? "yes" : "no") : v}
                        </p>
                      ))}
                    </Td>
                    <Td className="whitespace-nowrap">{formatDateTime(r.createdAt)}</Td>
                    <Td>
                      <Badge tone={TONE[r.status]}>{r.status}</Badge>
                      {r.declineReason && (
                        <p className="mt-1 text-xs text-slate-600">{r.declineReason}</p>
                      )}
                    </Td>
                    {canDecide && (
                      <Td>
                        {r.status === "pending" ? (
                          <KeyRequestActions requestId={r.id} developerEmail={developerEmail} />
                        ) : r.decidedAt ? (
                          formatDateTime(r.decidedAt)
                        ) : (
                          ""
                        )}
                      </Td>
                    )}
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination page={f.page} pageSize={PAGE_SIZE} total={total} href={href} />
          </>
        )}
      </Card>
    </>
  );
}
