"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { secureAccountAction } from "../actions";

export function SecureAccountForm({ org, token }: { org: string; token: string }) {
  const { state, formAction } = useActionForm(secureAccountAction, { toastSuccess: false });
  if (state.ok)
    return (
      <Alert tone="success" title="Your account is secured">
        {state.message}
      </Alert>
    );
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton variant="danger" pendingText="Securing…">
        Secure my account
      </SubmitButton>
    </form>
  );
}
