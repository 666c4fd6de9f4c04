import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db";
import { requireAdmin } from "@/lib/auth/guards";
import { mailboxPage } from "@/lib/email/mailbox";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Mailbox" };
const PAGE_SIZE = 25;
const STATUS_TONE = { stored: "neutral", queued: "amber", sent: "green", failed: "red" } as const;

export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string }>;
}) {
  const { orgId, admin } = await requireAdmin();
  const page = z.coerce
    .number()
    .int()
    .min(1)
    .catch(1)
    .parse((await searchParams).page);
  const { rows, total } = await mailboxPage(getDb(), orgId, admin.role, {
    page,
    pageSize: PAGE_SIZE,
  });
  const resend = Boolean(env().RESEND_API_KEY);
  return (
    <>
      <PageHeader title="Mailbox" description="Every email the portal sent, newest first." />
      {!resend && (
        <Alert className="mb-4" tone="info">
          No <code>RESEND_API_KEY</code> is set, so emails are kept here instead of being delivered.
          {admin.role === "viewer"
            ? " Links and keys in them are redacted for viewers."
            : " Owners and admins see their links and keys, to test locally."}
        </Alert>
      )}
      <Card>
        {rows.length === 0 ? (
          <EmptyState icon={Inbox} title="No emails yet">
            Emails appear here when developers sign up, reset passwords or receive keys.
          </EmptyState>
        ) : (
          <>
            <Table caption="Emails">
              <thead>
                <tr>
                  <Th>Subject</Th>
                  <Th>To</Th>
                  <Th>Status</Th>
                  <Th>Sent</Th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={m.id} className="hover:bg-slate-50">
                    <Td>
                      <Link
                        href={`/admin/mailbox/${m.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {m.subject}
                      </Link>
                    </Td>
                    <Td className="break-all">{m.to}</Td>
                    <Td>
                      <Badge tone={STATUS_TONE[m.status]}>
                        {m.status === "stored" ? "in outbox" : m.status}
                      </Badge>
                    </Td>
                    <Td className="whitespace-nowrap">{formatDateTime(m.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={total}
              href={(p) => `/admin/mailbox?page=${p}`}
            />
          </>
        )}
      </Card>
    </>
  );
}
