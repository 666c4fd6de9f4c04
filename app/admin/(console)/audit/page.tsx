import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterBar, FilterInput, FilterSelect } from "@/components/ui/filter-bar";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listAudit } from "@/db/queries/audit-read";
import { requireAdmin } from "@/lib/auth/guards";
import { searchText } from "@/lib/validation/text";

export const metadata: Metadata = { title: "Audit log" };
const PAGE_SIZE = 50;
const query = z.object({
  action: searchText(80),
  actor: z.enum(["admin", "developer", "api_token", "system"]).optional().catch(undefined),
  target: searchText(80),
  page: z.coerce.number().int().min(1).catch(1),
});

/** R-AUDIT: every admin and security-relevant action, filterable. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { orgId } = await requireAdmin();
  const f = query.parse({ action: "", target: "", ...(await searchParams) });
  const { rows, total } = await listAudit(getDb(), orgId, {
    action: f.action,
    actorType: f.actor,
    targetId: f.target,
    page: f.page,
    pageSize: PAGE_SIZE,
  });
  const href = (p: number) =>
    `/admin/audit?${new URLSearchParams({ ...(f.action ? { action: f.action } : {}), ...(f.actor ? { actor: f.actor } : {}), ...(f.target ? { target: f.target } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every admin and security-relevant action, newest first."
      />
      <FilterBar action="/admin/audit">
        <FilterInput
          name="action"
          label="Action starts with"
          defaultValue={f.action}
          placeholder="Action, e.g. key. or developer.deleted"
        />
        <FilterSelect
          name="actor"
          label="Actor"
          defaultValue={f.actor}
          options={[
            ["", "Any actor"],
            ["admin", "Admins"],
            ["developer", "Developers"],
            ["api_token", "API tokens"],
            ["system", "System"],
          ]}
        />
        <FilterInput
          name="target"
          label="Target id"
          defaultValue={f.target}
          placeholder="Target id, e.g. dev_…"
        />
      </FilterBar>
      <Card>
        {rows.length === 0 ? (
          <EmptyState icon={ScrollText} title="No matching entries" />
        ) : (
          <>
            <Table caption="Audit log">
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>Action</Th>
                  <Th>Actor</Th>
                  <Th>Target</Th>
                  <Th>Details</Th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <Td className="whitespace-nowrap">{formatDateTime(r.createdAt)}</Td>
                    <Td>
                      <code className="font-mono text-xs">{r.action}</code>
                    </Td>
                    <Td>
                      <Badge>{r.actorType}</Badge>{" "}
                      <span className="font-mono text-xs">{r.actorId ?? ""}</span>
                    </Td>
                    <Td className="font-mono text-xs">
                      {r.targetType ? `${r.targetType} ${r.targetId ?? ""}` : "—"}
                    </Td>
                    <Td className="max-w-xs break-all font-mono text-xs text-slate-600">
                      {Object.keys(r.data).length ? JSON.stringify(r.data) : ""}
                    </Td>
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
