"use client";
import { ContactFields } from "@/components/forms/contact-fields";
import { CustomFieldInputs, customFieldValues } from "@/components/forms/custom-fields";
import type { FieldDefinition } from "@/db/schema";
import { FormMessage } from "@/components/forms/form-message";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { changePasswordAction, updateProfileAction } from "./actions";

type Profile = {
  name: string;
  email: string;
  telephone: string | null;
  country: string | null;
  customFields: Record<string, string | boolean>;
};

export function ProfileForm({
  org,
  profile,
  fields,
}: {
  org: string;
  profile: Profile;
  fields: FieldDefinition[];
}) {
  const { state, formAction, field, errors } = useActionForm(updateProfileAction, {
    stored: { ...profile, ...customFieldValues(profile.customFields) },
  });
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <TextField {...field("name")} label="Name" autoComplete="name" required />
      <ContactFields field={field} own />
      <CustomFieldInputs
        fields={fields}
        value={(name) => field(name).defaultValue}
        errors={errors}
      />
      <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
    </form>
  );
}

export function PasswordForm({ org, minLength }: { org: string; minLength: number }) {
  const { state, formAction, field } = useActionForm(changePasswordAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <NewPasswordFields idPrefix="password" minLength={minLength} field={field} withCurrent />
      <SubmitButton pendingText="Saving…">Change password</SubmitButton>
    </form>
  );
}
