import { BackLink } from "@/components/ui/back-link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { getDb } from "@/db";
import { requireAdmin } from "@/lib/auth/guards";
import { mailboxEmail } from "@/lib/email/mailbox";
import { parseId } from "@/lib/validation/ids";

export const metadata: Metadata = { title: "Email" };

export default async function EmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { orgId, admin } = await requireAdmin();
  const id = parseId((await params).id, "mail") ?? notFound();
  // Redacted for this admin's role and the message's delivery state (R-SEC-SECRETS-VIEW).
  const email = await mailboxEmail(getDb(), orgId, admin.role, id);
  if (!email) notFound();
  return (
    <>
      <BackLink href="/admin/mailbox">Mailbox</BackLink>
      <Card>
        <CardHeader
          title={<span data-testid="email-subject">{email.subject}</span>}
          description={`Template: ${email.template}`}
        />
        <CardBody className="space-y-4">
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
            <dt className="text-slate-600">From</dt>
            <dd className="break-all">{email.from}</dd>
            <dt className="text-slate-600">To</dt>
            <dd className="break-all">{email.to}</dd>
            <dt className="text-slate-600">Created</dt>
            <dd>{formatDateTime(email.createdAt)}</dd>
            <dt className="text-slate-600">Delivery</dt>
            <dd>
              {email.status === "stored" ? "Kept in the outbox (no Resend key)" : email.status}
              {email.attempts > 0 ? ` · ${email.attempts} attempt(s)` : ""}
            </dd>
          </dl>
          <SecretsNotice
            shown={email.secretsShown}
            redacted={email.hasSecrets && !email.secretsShown}
            viewer={admin.role === "viewer"}
          />
          {email.error && (
            <Alert tone="error" title="Last delivery error">
              {email.error}
            </Alert>
          )}
          <section aria-labelledby="html-heading">
            <h2 id="html-heading" className="mb-2 text-sm font-semibold text-slate-800">
              HTML
            </h2>
            {/* Email HTML is untrusted: rendered in a sandbox with no scripts and no same-origin access. */}
            <iframe
              title="Email HTML body"
              sandbox=""
              srcDoc={email.html}
              className="h-[28rem] w-full rounded-md border border-slate-200 bg-white"
            />
          </section>
          <section aria-labelledby="text-heading">
            <h2 id="text-heading" className="mb-2 text-sm font-semibold text-slate-800">
              Plain text
            </h2>
            {/* Long links wrap anywhere: no horizontal scrolling on a phone. Focusable in case
                it still scrolls (keyboard users can then scroll it). */}
            <pre
              data-testid="email-text"
              tabIndex={0}
              aria-labelledby="text-heading"
              className="overflow-x-auto whitespace-pre-wrap rounded-md bg-slate-50 p-4 font-mono text-xs text-slate-800 [overflow-wrap:anywhere]"
            >
              {email.text}
            </pre>
          </section>
        </CardBody>
      </Card>
    </>
  );
}

function SecretsNotice({
  shown,
  redacted,
  viewer,
}: {
  shown: boolean;
  redacted: boolean;
  viewer: boolean;
}) {
  if (shown)
    return (
      <Alert tone="info" title="Links and keys shown">
        This message was not delivered: no email provider is configured. Its links and keys are
        shown so you can test locally; with Resend configured they are redacted.
      </Alert>
    );
  if (!redacted) return null;
  return (
    <Alert tone="info" title="Links and keys redacted">
      {viewer
        ? "Viewers never see the links and keys in emails: only the recipient may use them."
        : "This message went to the email provider, so its links and keys are only in the recipient’s inbox."}
    </Alert>
  );
}
