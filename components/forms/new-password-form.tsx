"use client";
import { FormMessage } from "@/components/forms/form-message";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";

/**
 * New password + confirmation behind an emailed link, for the console and the portal: a password
 * reset, or an invitation (`withName`: an invited admin also says how the team sees them).
 * `hidden` carries what the action needs besides the token (the portal's `org`).
 */
export function NewPasswordForm({
  token,
  minLength,
  action,
  submitLabel,
  withName = false,
  hidden = {},
}: {
  token: string;
  minLength: number;
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  submitLabel: string;
  withName?: boolean;
  hidden?: Hidden;
}) {
  const { state, formAction, field } = useActionForm(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <HiddenFields hidden={hidden} />
      <input type="hidden" name="token" value={token} />
      {withName && (
        <TextField
          {...field("name")}
          label="Your name"
          autoComplete="name"
          required
          maxLength={100}
        />
      )}
      <NewPasswordFields minLength={minLength} field={field} />
      <SubmitButton className="w-full" pendingText="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
