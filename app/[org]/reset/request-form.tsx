"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { requestResetAction } from "./actions";

export function RequestResetForm({ org }: { org: string }) {
  const { state, formAction, value, errors } = useActionForm(requestResetAction, {
    toastSuccess: false,
  });
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={value("email")}
        errors={errors("email")}
      />
      <SubmitButton className="w-full" pendingText="Sending…">
        Request password reset
      </SubmitButton>
    </form>
  );
}
