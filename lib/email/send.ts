import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { Resend } from "resend";
import type { Db } from "@/db";
import { insertEmail, updateEmailBody, updateEmailDelivery } from "@/db/queries/outbox";
import type { EmailOutboxRow } from "@/db/schema";
import { env } from "@/lib/env";
import { type TemplateName, type TemplateProps, templates } from "./templates";

export type Sender = { id: string; name: string; emailFrom: string | null } | null;

/** Minutes to wait before retry n (1-based) of a failed Resend call. */
export function emailRetryDelayMinutes(attempt: number): number {
  return Math.min(2 ** (attempt - 1), 60);
}

export async function renderTemplate<K extends TemplateName>(name: K, props: TemplateProps<K>) {
  const t = templates[name] as unknown as {
    subject: (p: TemplateProps<K>) => string;
    body: (p: TemplateProps<K>) => ReactElement;
  };
  const element = t.body(props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: t.subject(props), html, text };
}

/**
 * Sends an email: the outbox row is written first, so nothing is lost; then, if Resend is
 * configured, it is sent and the outcome recorded (a failure is retried by /api/cron/deliver).
 */
export async function sendEmail<K extends TemplateName>(
  db: Db,
  sender: Sender,
  to: string,
  template: K,
  props: TemplateProps<K>,
  /** Secrets in the message (an emailed key): removed from the stored copy once Resend has it. */
  { redact = [] }: { redact?: string[] } = {},
): Promise<EmailOutboxRow> {
  const e = env();
  const rendered = await renderTemplate(template, props);
  const row = await insertEmail(db, sender?.id ?? null, {
    to,
    from: sender?.emailFrom ?? e.EMAIL_FROM,
    template,
    ...rendered,
    status: e.RESEND_API_KEY ? "queued" : "stored",
  });
  if (!e.RESEND_API_KEY) return row;
  const sent = await deliverViaResend(db, row, e.RESEND_API_KEY);
  if (sent.status === "sent" && redact.length) await redactEmail(db, sent, redact);
  return sent;
}

async function redactEmail(db: Db, row: EmailOutboxRow, secrets: string[]) {
  const mask = (s: string) =>
    secrets.reduce(
      (acc, secret) => acc.split(secret).join(`${secret.slice(0, 9)}… (redacted after delivery)`),
      s,
    );
  await updateEmailBody(db, row.orgId, row.id, { html: mask(row.html), text: mask(row.text) });
}

export async function deliverViaResend(db: Db, row: EmailOutboxRow, apiKey: string) {
  const attempts = row.attempts + 1;
  try {
    const { data, error } = await new Resend(apiKey).emails.send({
      from: row.from,
      to: row.to,
      subject: row.subject,
      html: row.html,
      text: row.text,
    });
    if (error || !data) throw new Error(error?.message ?? "Resend returned no id");
    const patch = {
      status: "sent" as const,
      providerId: data.id,
      error: null,
      attempts,
      nextAttemptAt: null,
      sentAt: new Date(),
    };
    await updateEmailDelivery(db, row.orgId, row.id, patch);
    return { ...row, ...patch };
  } catch (err) {
    const gaveUp = attempts >= 8;
    const patch = {
      status: gaveUp ? ("failed" as const) : ("queued" as const),
      error: err instanceof Error ? err.message : String(err),
      attempts,
      nextAttemptAt: gaveUp
        ? null
        : new Date(Date.now() + emailRetryDelayMinutes(attempts) * 60_000),
      providerId: null,
      sentAt: null,
    };
    await updateEmailDelivery(db, row.orgId, row.id, patch);
    return { ...row, ...patch };
  }
}
