import { Network, Plus } from "lucide-react";
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
import { listApis } from "@/db/queries/apis";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "APIs" };

export default async function ApisPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId, admin } = await requireAdmin();
  const canEdit = roleAllows(admin.role, "admin");
  const apis = await listApis(getDb(), orgId);
  const newButton = canEdit ? (
    <ButtonLink href="/admin/apis/new">
      <Plus className="size-4" aria-hidden /> New API
    </ButtonLink>
  ) : null;
  return (
    <>
      <PageHeader
        title="APIs"
        description="The APIs your gateways protect, matched by their listen path."
        actions={apis.length ? newButton : null}
      />
      <DeletedNotice searchParams={searchParams}>API deleted.</DeletedNotice>
      <Card>
        {apis.length === 0 ? (
          <EmptyState icon={Network} title="No APIs yet" action={newButton}>
            Register an API with the path prefix your gateway listens on; policies then grant access
            to it.
          </EmptyState>
        ) : (
          <Table caption="APIs">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Slug</Th>
                <Th>Listen path</Th>
                <Th>Authentication</Th>
                <Th className="text-right">Policies</Th>
              </tr>
            </thead>
            <tbody>
              {apis.map((a) => (
                <tr key={a.id} className="hover:bg-slate-50">
                  <Td>
                    <Link
                      href={`/admin/apis/${a.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {a.name}
                    </Link>
                  </Td>
                  <Td className="text-slate-600">{a.slug}</Td>
                  <Td>
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                      {a.listenPath}
                    </code>
                  </Td>
                  <Td>
                    <Badge tone={a.authType === "oauth" ? "blue" : "neutral"}>
                      {a.authType === "oauth" ? "OAuth" : "API key"}
                    </Badge>
                  </Td>
                  <Td className="text-right tabular-nums">{a.policyCount}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
