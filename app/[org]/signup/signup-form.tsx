"use client";
import { signupDeveloperAction } from "@/app/[org]/actions";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { CustomFieldInputs } from "@/components/forms/custom-fields";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FieldDefinition } from "@/db/schema";
import { passwordRulesHint } from "@/lib/validation/common";

export function SignupForm({
  org,
  minPasswordLength,
  fields,
}: {
  org: string;
  minPasswordLength: number;
  fields: FieldDefinition[];
}) {
  const { state, formAction, value, errors, field } = useActionForm(signupDeveloperAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <TextField {...field("name")} label="Name" autoComplete="name" required />
      <TextField {...field("email")} label="Email" type="email" autoComplete="email" required />
      <TextField
        {...field("password")}
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={passwordRulesHint(minPasswordLength)}
        required
      />
      <CustomFieldInputs fields={fields} value={value} errors={errors} />
      <SubmitButton className="w-full" pendingText="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
