"use client";
import { MailCheck } from "lucide-react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import {
  cancelEmailChangeAction,
  changeEmailAction,
  resendEmailChangeAction,
} from "./email-actions";

export type PendingEmail = { newEmail: string; expires: string };

/** R-SEC-EMAIL-CHANGE: the Email card of Edit profile — a new address counts once confirmed. */
export function EmailForm({
  org,
  email,
  pending,
}: {
  org: string;
  email: string;
  pending: PendingEmail | null;
}) {
  const { state, formAction, value, errors } = useActionForm(changeEmailAction);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        You log in with <span className="break-all font-medium">{email}</span>.
      </p>
      {pending && <PendingChange org={org} pending={pending} />}
      <form action={formAction} className="space-y-4" noValidate>
        <FormMessage state={state} />
        <input type="hidden" name="org" value={org} />
        <TextField
          id="email-change"
          name="email"
          label="New email"
          type="email"
          autoComplete="email"
          hint="We send a link there; your email changes when you confirm it."
          required
          defaultValue={state.values ? value("email") : undefined}
          errors={errors("email")}
        />
        <TextField
          id="email-currentPassword"
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          errors={errors("currentPassword")}
        />
        <SubmitButton pendingText="Sending…">Change email</SubmitButton>
      </form>
    </div>
  );
}

function PendingChange({ org, pending }: { org: string; pending: PendingEmail }) {
  const resend = useActionForm(resendEmailChangeAction);
  const cancel = useActionForm(cancelEmailChangeAction);
  const failure = [resend.state, cancel.state].find((s) => s.message && !s.ok);
  return (
    <div
      role="status"
      className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
      data-testid="pending-email"
    >
      <p className="flex items-start gap-2">
        <MailCheck className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          Pending: <span className="break-all font-medium">{pending.newEmail}</span> — check that
          inbox and confirm. The link expires {pending.expires}.
        </span>
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <form action={resend.formAction}>
          <input type="hidden" name="org" value={org} />
          <SubmitButton variant="secondary" size="sm" pendingText="Sending…">
            Send the link again
          </SubmitButton>
        </form>
        <form action={cancel.formAction}>
          <input type="hidden" name="org" value={org} />
          <SubmitButton variant="secondary" size="sm" pendingText="Cancelling…">
            Cancel change
          </SubmitButton>
        </form>
      </div>
      {failure && <FormMessage state={failure} />}
    </div>
  );
}
