"use client";
import { confirmEmailAction, resendVerificationAction } from "./actions";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";

export function ConfirmEmailForm({ org, token }: { org: string; token: string }) {
  const { state, formAction } = useActionForm(confirmEmailAction);
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingText="Confirming…">Confirm my email</SubmitButton>
    </form>
  );
}

/** Shown on the dashboard while the organisation requires a confirmed email and it is not. */
export function VerifyEmailBanner({ org, email }: { org: string; email: string }) {
  const { state, formAction } = useActionForm(resendVerificationAction, { toastSuccess: false });
  return (
    <Alert tone="info" className="mb-6" title="Confirm your email address">
      <p>Before you can request keys, follow the link we sent to {email}.</p>
      <form action={formAction} className="mt-2">
        <input type="hidden" name="org" value={org} />
        <SubmitButton variant="secondary" size="sm" pendingText="Sending…">
          Send the link again
        </SubmitButton>
      </form>
      {state.message && <p className="mt-2">{state.message}</p>}
    </Alert>
  );
}
