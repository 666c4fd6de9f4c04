import { Send } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import type { listDeliveries } from "@/db/queries/webhooks";
import { DeliveryStatus } from "./delivery-status";
import { ResendButton } from "./resend-button";

type Rows = Awaited<ReturnType<typeof listDeliveries>>["rows"];

/** The endpoint's deliveries, newest first, with "Resend" for admins. */
export function DeliveryLog({
  webhookId,
  rows,
  total,
  page,
  pageSize,
  canResend,
}: {
  webhookId: string;
  rows: Rows;
  total: number;
  page: number;
  pageSize: number;
  canResend: boolean;
}) {
  if (rows.length === 0)
    return (
      <EmptyState icon={Send} title="No deliveries yet">
        Events this endpoint subscribes to appear here as they happen. “Send test event” sends a
        signed <code>ping</code>.
      </EmptyState>
    );
  return (
    <>
      <Table caption="Deliveries">
        <thead>
          <tr>
            <Th>Event</Th>
            <Th>Status</Th>
            <Th>Attempts</Th>
            <Th>Response</Th>
            <Th>Next attempt</Th>
            <Th>Created</Th>
            {canResend && <Th className="text-right">Actions</Th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className="hover:bg-slate-50" data-testid="delivery-row">
              <Td>
                <Link
                  href={`/admin/webhooks/${webhookId}/deliveries/${d.id}`}
                  className="font-mono text-brand-700 hover:underline"
                >
                  {d.event}
                </Link>
              </Td>
              <Td>
                <DeliveryStatus status={d.status} attempts={d.attempts} />
              </Td>
              <Td>{d.attempts}</Td>
              <Td className="whitespace-nowrap" title={d.lastError ?? undefined}>
                {d.lastResponseCode ?? (d.lastError ? "No response" : "—")}
              </Td>
              <Td className="whitespace-nowrap">
                {d.status === "pending" ? formatDateTime(d.nextAttemptAt) : "—"}
              </Td>
              <Td className="whitespace-nowrap">{formatDateTime(d.createdAt)}</Td>
              {canResend && (
                <Td className="text-right">
                  <ResendButton deliveryId={d.id} event={d.event} />
                </Td>
              )}
            </tr>
          ))}
        </tbody>
      </Table>
      <Pagination
        page={page}
        pageSize={pageSize}
        total={total}
        href={(p) => `/admin/webhooks/${webhookId}?page=${p}`}
      />
    </>
  );
}
