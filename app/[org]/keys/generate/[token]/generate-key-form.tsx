"use client";
import Link from "next/link";
import { generateKeyAction } from "../actions";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { SecretOnce } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";

export function GenerateKeyForm({ org, token }: { org: string; token: string }) {
  const { state, formAction } = useActionForm(generateKeyAction, { toastSuccess: false });
  if (state.ok && state.data?.key)
    return (
      <div className="space-y-3">
        <SecretOnce label="Your API key" value={state.data.key} />
        <Link className="text-sm text-brand-700 underline" href={`/${org}/dashboard`}>
          Go to your dashboard
        </Link>
      </div>
    );
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingText="Generating…">Generate key</SubmitButton>
    </form>
  );
}
