"use client";
import { MailCheck } from "lucide-react";
import { FormMessage } from "@/components/forms/form-message";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

export type PendingEmail = { newEmail: string; expires: string };

export type EmailChangeActions = { change: Action; resend: Action; cancel: Action };

/**
 * R-SEC-EMAIL-CHANGE: the Email form of the developer's Edit profile and the admin's Account
 * page — a new address counts once confirmed from its inbox. The caller binds the actions (and
 * the hidden fields they need).
 */
export function EmailChangeForm({
  email,
  pending,
  actions,
  hidden = {},
}: {
  email: string;
  pending: PendingEmail | null;
  actions: EmailChangeActions;
  hidden?: Hidden;
}) {
  const { state, formAction, value, field } = useActionForm(actions.change);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        You log in with <span className="break-all font-medium">{email}</span>.
      </p>
      {pending && <PendingChange pending={pending} actions={actions} hidden={hidden} />}
      <form action={formAction} className="space-y-4" noValidate>
        <FormMessage state={state} />
        <HiddenFields hidden={hidden} />
        <TextField
          id="email-change"
          {...field("email")}
          label="New email"
          type="email"
          autoComplete="email"
          hint="We send a link there; your email changes when you confirm it."
          required
          defaultValue={state.values ? value("email") : undefined}
        />
        <TextField
          id="email-currentPassword"
          {...field("currentPassword")}
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
        />
        <SubmitButton pendingText="Sending…">Change email</SubmitButton>
      </form>
    </div>
  );
}

function PendingChange({
  pending,
  actions,
  hidden,
}: {
  pending: PendingEmail;
  actions: EmailChangeActions;
  hidden: Hidden;
}) {
  const resend = useActionForm(actions.resend);
  const cancel = useActionForm(actions.cancel);
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
          <HiddenFields hidden={hidden} />
          <SubmitButton variant="secondary" size="sm" pendingText="Sending…">
            Send the link again
          </SubmitButton>
        </form>
        <form action={cancel.formAction}>
          <HiddenFields hidden={hidden} />
          <SubmitButton variant="secondary" size="sm" pendingText="Cancelling…">
            Cancel change
          </SubmitButton>
        </form>
      </div>
      {failure && <FormMessage state={failure} />}
    </div>
  );
}
