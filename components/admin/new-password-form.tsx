"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";
import { passwordRulesHint } from "@/lib/validation/common";

/**
 * New password + confirmation behind an admin's emailed link: a password reset, or an
 * invitation (`withName`: the invitee also says how the team sees them).
 */
export function AdminNewPasswordForm({
  token,
  minLength,
  action,
  submitLabel,
  withName = false,
}: {
  token: string;
  minLength: number;
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  submitLabel: string;
  withName?: boolean;
}) {
  const { state, formAction, value, errors } = useActionForm(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {withName && (
        <TextField
          name="name"
          label="Your name"
          autoComplete="name"
          required
          maxLength={100}
          defaultValue={value("name")}
          errors={errors("name")}
        />
      )}
      <TextField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={passwordRulesHint(minLength)}
        required
        errors={errors("password")}
      />
      <TextField
        name="confirm"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        errors={errors("confirm")}
      />
      <SubmitButton className="w-full" pendingText="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
