import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/db";
import { claimEmail, listDueEmailIds } from "@/db/queries/outbox";
import { deliverViaResend } from "@/lib/email/send";
import { sweepQuotaAlerts } from "@/lib/quotas/alerts";
import { type DeliveryCounts, deliverDue } from "./deliver";

/** Long enough for one Resend call; another run will not touch the email meanwhile. */
const EMAIL_LEASE_MS = 60_000;

export type EmailCounts = { sent: number; retrying: number; failed: number; skipped: number };
export type CycleResult = {
  webhooks: DeliveryCounts;
  /** Quota thresholds newly reached (R-QUOTA-ALERTS): emails and quota.threshold events queued. */
  quotaAlerts: number;
  /** null when RESEND_API_KEY is not set: emails stay in the outbox, there is nothing to retry. */
  emails: EmailCounts | null;
};

/** Retries queued emails whose next attempt is due (claimed first, so two runs never send one twice). */
export async function retryDueEmails(
  db: Db,
  now: Date,
  resendApiKey: string,
  opts: { orgId?: string; limit?: number } = {},
): Promise<EmailCounts> {
  const counts: EmailCounts = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  for (const id of await listDueEmailIds(db, now, opts)) {
    const row = await claimEmail(db, id, now, new Date(now.getTime() + EMAIL_LEASE_MS));
    if (!row) {
      counts.skipped++;
      continue;
    }
    const result = await deliverViaResend(db, row, resendApiKey);
    if (result.status === "sent") counts.sent++;
    else if (result.status === "failed") counts.failed++;
    else counts.retrying++;
  }
  return counts;
}

/** One pass of the retry worker: due webhooks of every organisation, then due emails. */
export async function runDeliveryCycle(
  db: Db,
  now: Date,
  { resendApiKey, orgId }: { resendApiKey: string | null; orgId?: string },
): Promise<CycleResult> {
  // Alerts first: the events they queue go out in this same cycle.
  const quotaAlerts = await sweepQuotaAlerts(db, now, { orgId });
  const webhooks = await deliverDue(db, now, { orgId });
  const emails = resendApiKey ? await retryDueEmails(db, now, resendApiKey, { orgId }) : null;
  return { webhooks, emails, quotaAlerts };
}

export type CronRequest = {
  authorization: string | null;
  forwardedFor: string | null;
  host: string | null;
};
export type CronAuth =
  { ok: true } | { ok: false; code: "unauthorized" | "forbidden"; message: string };

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Both the client address Next recorded and the Host must be loopback. */
function fromLoopback(req: CronRequest): boolean {
  const addresses = (req.forwardedFor ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  return (
    addresses.length > 0 &&
    addresses.every((a) => LOOPBACK_ADDRESS.test(a)) &&
    LOOPBACK_HOST.test(req.host ?? "")
  );
}

/**
 * Who may run the cron. With CRON_SECRET set (Vercel Cron sends `Authorization: Bearer
 * <CRON_SECRET>`), only that bearer. Without it, only in development and only from loopback, so
 * `curl localhost:3000/api/cron/deliver` works on a laptop. Next fills X-Forwarded-For from the
 * socket only when the client did not send one, so this check is a convenience for a dev box,
 * not a defence: production must set CRON_SECRET (a `next start` server retries by itself anyway).
 */
export function authorizeCron(
  req: CronRequest,
  config: { cronSecret: string | null | undefined; nodeEnv: string },
): CronAuth {
  if (config.cronSecret) {
    const match = /^Bearer\s+(.+)$/i.exec(req.authorization?.trim() ?? "");
    return match?.[1] && sameSecret(match[1], config.cronSecret)
      ? { ok: true }
      : { ok: false, code: "unauthorized", message: "Send Authorization: Bearer <CRON_SECRET>." };
  }
  if (config.nodeEnv === "development" && fromLoopback(req)) return { ok: true };
  return {
    ok: false,
    code: "forbidden",
    message:
      "Set CRON_SECRET to call this endpoint (without it, only loopback requests in development are accepted).",
  };
}
