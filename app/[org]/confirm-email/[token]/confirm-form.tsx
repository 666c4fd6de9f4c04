"use client";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { confirmEmailChangeAction } from "../actions";

export function ConfirmEmailChangeForm({ org, token }: { org: string; token: string }) {
  const { state, formAction } = useActionForm(confirmEmailChangeAction, { toastSuccess: false });
  if (state.ok)
    return (
      <Alert tone="success" title="Email changed">
        <p>{state.message}</p>
        <p className="mt-2">
          <Link className="font-medium underline" href={`/${org}/login`}>
            Log in
          </Link>
        </p>
      </Alert>
    );
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingText="Confirming…">Confirm new email</SubmitButton>
    </form>
  );
}
