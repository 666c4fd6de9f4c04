import { and, asc, count, desc, eq, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../index";
import { emailOutbox } from "../schema";

type NewEmail = typeof emailOutbox.$inferInsert;

export async function insertEmail(db: Db, orgId: string | null, values: Omit<NewEmail, "orgId">) {
  const [row] = await db
    .insert(emailOutbox)
    .values({ ...values, orgId })
    .returning();
  if (!row) throw new Error("outbox insert returned nothing");
  return row;
}

export async function updateEmailDelivery(
  db: Db,
  orgId: string | null,
  emailId: string,
  patch: Pick<
    NewEmail,
    "status" | "providerId" | "error" | "attempts" | "nextAttemptAt" | "sentAt"
  >,
) {
  const scope = orgId ? eq(emailOutbox.orgId, orgId) : isNull(emailOutbox.orgId);
  await db
    .update(emailOutbox)
    .set(patch)
    .where(and(scope, eq(emailOutbox.id, emailId)));
}

export async function updateEmailBody(
  db: Db,
  orgId: string | null,
  emailId: string,
  body: { html: string; text: string },
) {
  const scope = orgId ? eq(emailOutbox.orgId, orgId) : isNull(emailOutbox.orgId);
  await db
    .update(emailOutbox)
    .set(body)
    .where(and(scope, eq(emailOutbox.id, emailId)));
}

/** Mailbox list, newest first. */
export async function listEmails(db: Db, orgId: string, { page = 1, pageSize = 25 } = {}) {
  const where = eq(emailOutbox.orgId, orgId);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: emailOutbox.id,
        to: emailOutbox.to,
        subject: emailOutbox.subject,
        template: emailOutbox.template,
        status: emailOutbox.status,
        error: emailOutbox.error,
        createdAt: emailOutbox.createdAt,
      })
      .from(emailOutbox)
      .where(where)
      .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(emailOutbox).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function getEmail(db: Db, orgId: string, emailId: string) {
  const [row] = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.orgId, orgId), eq(emailOutbox.id, emailId)))
    .limit(1);
  return row ?? null;
}

/** An email queued without next_attempt_at is mid-send in the request that wrote it; the cron waits this long before assuming that request died. */
const ORPHAN_EMAIL_AFTER_MS = 2 * 60_000;

export async function listDueEmailIds(
  db: Db,
  now: Date,
  { orgId, limit = 50 }: { orgId?: string; limit?: number } = {},
) {
  const rows = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.status, "queued"),
        or(
          lte(emailOutbox.nextAttemptAt, now),
          and(
            isNull(emailOutbox.nextAttemptAt),
            lte(emailOutbox.createdAt, new Date(now.getTime() - ORPHAN_EMAIL_AFTER_MS)),
          ),
        ),
        orgId ? eq(emailOutbox.orgId, orgId) : undefined,
      ),
    )
    .orderBy(asc(emailOutbox.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Claims a due email with a lease (as claimDelivery does for webhooks): two cron runs never send one email twice. */
export async function claimEmail(db: Db, emailId: string, now: Date, leaseUntil: Date) {
  const [row] = await db
    .update(emailOutbox)
    .set({ nextAttemptAt: leaseUntil })
    .where(
      and(
        eq(emailOutbox.id, emailId),
        eq(emailOutbox.status, "queued"),
        or(
          lte(emailOutbox.nextAttemptAt, now),
          and(
            isNull(emailOutbox.nextAttemptAt),
            lte(emailOutbox.createdAt, new Date(now.getTime() - ORPHAN_EMAIL_AFTER_MS)),
          ),
        ),
      ),
    )
    .returning();
  return row ?? null;
}
