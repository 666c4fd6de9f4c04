"use client";
import { FormMessage } from "@/components/forms/form-message";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";

/**
 * One email box and a button that sends a link (password reset in the console and the portal).
 * The answer is the action's message, the same whether or not the email has an account.
 */
export function EmailRequestForm({
  action,
  hidden,
  autoComplete,
  submitLabel,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  hidden?: Hidden;
  autoComplete: "email" | "username";
  submitLabel: string;
}) {
  const { state, formAction, field } = useActionForm(action, { toastSuccess: false });
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {hidden && <HiddenFields hidden={hidden} />}
      <TextField
        {...field("email")}
        label="Email"
        type="email"
        autoComplete={autoComplete}
        required
      />
      <SubmitButton className="w-full" pendingText="Sending…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
