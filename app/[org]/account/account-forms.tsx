"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { passwordRulesHint } from "@/lib/validation/common";
import { changePasswordAction, updateProfileAction } from "./actions";

type Profile = { name: string; email: string; telephone: string | null; country: string | null };

export function ProfileForm({ org, profile }: { org: string; profile: Profile }) {
  const { state, formAction, value, errors } = useActionForm(updateProfileAction);
  const v = (n: keyof Profile) => (state.values ? value(n) : (profile[n] ?? undefined));
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <TextField
        name="name"
        label="Name"
        autoComplete="name"
        required
        defaultValue={v("name")}
        errors={errors("name")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="telephone"
          label="Telephone (optional)"
          type="tel"
          autoComplete="tel"
          defaultValue={v("telephone")}
          errors={errors("telephone")}
        />
        <TextField
          name="country"
          label="Country code (optional)"
          hint="Two letters, e.g. GB"
          maxLength={2}
          defaultValue={v("country")}
          errors={errors("country")}
        />
      </div>
      <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
    </form>
  );
}

export function PasswordForm({ org, minLength }: { org: string; minLength: number }) {
  const { state, formAction, errors } = useActionForm(changePasswordAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <TextField
        id="password-currentPassword"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={errors("currentPassword")}
      />
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
      <SubmitButton pendingText="Saving…">Change password</SubmitButton>
    </form>
  );
}
