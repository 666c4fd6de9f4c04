import type { Db } from "@/db";
import { getEmail, listEmails } from "@/db/queries/outbox";
import type { AdminRole } from "@/lib/auth/guards";
import { viewEmail, viewSubject } from "./redact";

/**
 * The Mailbox as one admin may see it (R-MAILBOX, R-SEC-SECRETS-VIEW). The console pages read
 * outbox content only through these two functions, so nothing reaches a page unredacted.
 */
export async function mailboxPage(
  db: Db,
  orgId: string,
  role: AdminRole,
  { page, pageSize }: { page: number; pageSize: number },
) {
  const { rows, total } = await listEmails(db, orgId, { page, pageSize });
  return {
    total,
    rows: rows.map((r) => ({ ...r, subject: viewSubject(r.subject, r.status, role) })),
  };
}

export async function mailboxEmail(db: Db, orgId: string, role: AdminRole, emailId: string) {
  const row = await getEmail(db, orgId, emailId);
  return row ? viewEmail(row, role) : null;
}
