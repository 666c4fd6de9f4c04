import { Plus, Webhook } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { DeletedNotice } from "@/components/admin/deleted-notice";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { listWebhooks } from "@/db/queries/webhooks";
import { requireAdmin, roleAllows } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId, admin } = await requireAdmin();
  const rows = await listWebhooks(getDb(), orgId);
  const canEdit = roleAllows(admin.role, "admin");
  const add = canEdit ? (
    <ButtonLink href="/admin/webhooks/new">
      <Plus className="size-4" aria-hidden /> Add endpoint
    </ButtonLink>
  ) : undefined;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed HTTP notifications to your systems when developers sign up and keys or key requests change."
        actions={rows.length > 0 ? add : undefined}
      />
      <DeletedNotice searchParams={searchParams}>
        Endpoint deleted. Nothing more is sent to it.
      </DeletedNotice>
      {!canEdit && <ReadOnlyNotice role={admin.role} />}
      <Card>
        {rows.length === 0 ? (
          <EmptyState icon={Webhook} title="No endpoints yet" action={add}>
            Add an endpoint to receive events such as <code>key_request.created</code> — needed when
            a third party approves key requests.
          </EmptyState>
        ) : (
          <Table caption="Webhook endpoints">
            <thead>
              <tr>
                <Th>Endpoint</Th>
                <Th>Events</Th>
                <Th>Status</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((w) => (
                <tr key={w.id} className="hover:bg-slate-50">
                  <Td className="min-w-48 break-all">
                    <Link
                      href={`/admin/webhooks/${w.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {w.url}
                    </Link>
                  </Td>
                  <Td>
                    <ul className="flex flex-wrap gap-1" aria-label={`${w.events.length} events`}>
                      {w.events.map((e) => (
                        <li key={e}>
                          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">
                            {e}
                          </code>
                        </li>
                      ))}
                    </ul>
                  </Td>
                  <Td>{w.active ? <Badge tone="green">Active</Badge> : <Badge>Disabled</Badge>}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(w.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
