"use client";
import { ContactFields } from "@/components/forms/contact-fields";
import { FormMessage } from "@/components/forms/form-message";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
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
      <ContactFields value={v} errors={errors} own />
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
      <NewPasswordFields minLength={minLength} errors={errors} />
      <SubmitButton pendingText="Saving…">Change password</SubmitButton>
    </form>
  );
}
