import { BookOpen, Plus } from "lucide-react";
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
import { listCatalogEntries } from "@/db/queries/catalog";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";
import { KEY_REQUEST_MODE_LABELS } from "@/lib/validation/catalog";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId, admin, org } = await requireAdmin();
  const canEdit = roleAllows(admin.role, "admin");
  const entries = await listCatalogEntries(getDb(), orgId);
  const newButton = canEdit ? (
    <ButtonLink href="/admin/catalog/new">
      <Plus className="size-4" aria-hidden /> New entry
    </ButtonLink>
  ) : null;
  return (
    <>
      <PageHeader
        title="Catalog"
        description={
          <>
            What developers see in the{" "}
            <Link href={`/${org.slug}`} className="text-brand-700 underline">
              portal
            </Link>{" "}
            and can request keys for. Each entry publishes one policy.
          </>
        }
        actions={entries.length ? newButton : null}
      />
      <DeletedNotice searchParams={searchParams}>
        Catalog entry deleted. It no longer shows in the portal; keys issued through it keep
        working.
      </DeletedNotice>
      <Card>
        {entries.length === 0 ? (
          <EmptyState icon={BookOpen} title="No catalog entries yet" action={newButton}>
            Publish a policy so developers can find it and request a key.
          </EmptyState>
        ) : (
          <Table caption="Catalog entries">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Policy</Th>
                <Th>Visibility</Th>
                <Th>Approval</Th>
                <Th className="text-right">Reason fields</Th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="hover:bg-slate-50">
                  <Td>
                    <Link
                      href={`/admin/catalog/${e.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {e.name}
                    </Link>
                    <div className="text-xs text-slate-600">
                      /{org.slug}/catalog/{e.slug}
                    </div>
                  </Td>
                  <Td>
                    <Link
                      href={`/admin/policies/${e.policyId}`}
                      className="text-slate-800 hover:underline"
                    >
                      {e.policyName}
                    </Link>
                    {e.policyInactive && (
                      <span className="ml-2">
                        <Badge tone="amber">inactive</Badge>
                      </span>
                    )}
                  </Td>
                  <Td>
                    {e.visibility === "public" ? (
                      <Badge tone="green">Visible</Badge>
                    ) : (
                      <Badge>Unlisted</Badge>
                    )}
                  </Td>
                  <Td className="min-w-44">
                    {e.approvalMode ? (
                      KEY_REQUEST_MODE_LABELS[e.approvalMode]
                    ) : (
                      <span className="text-slate-600">
                        Default ({KEY_REQUEST_MODE_LABELS[org.keyRequestMode].toLowerCase()})
                      </span>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{e.reasonFieldCount}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
