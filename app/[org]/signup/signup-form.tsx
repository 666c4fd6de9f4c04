"use client";
import { signupDeveloperAction } from "@/app/[org]/actions";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FieldDefinition } from "@/db/schema";

export function SignupForm({ org, minPasswordLength, fields }: { org: string; minPasswordLength: number; fields: FieldDefinition[] }) {
  const { state, formAction, value, errors } = useActionForm(signupDeveloperAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <TextField name="name" label="Name" autoComplete="name" required defaultValue={value("name")} errors={errors("name")} />
      <TextField name="email" label="Email" type="email" autoComplete="email" required defaultValue={value("email")} errors={errors("email")} />
      <TextField name="password" label="Password" type="password" autoComplete="new-password" hint={`At least ${minPasswordLength} characters.`} required errors={errors("password")} />
      {fields.map((f) => {
        const name = `cf_${f.key}`;
        const label = f.required ? f.label : `${f.label} (optional)`;
        if (f.type === "textarea") return <TextAreaField key={name} name={name} label={label} required={f.required} defaultValue={value(name)} errors={errors(name)} />;
        if (f.type === "select")
          return <SelectField key={name} name={name} label={label} required={f.required} placeholder="Choose…" options={(f.options ?? []).map((o) => ({ value: o, label: o }))} defaultValue={value(name)} errors={errors(name)} />;
        if (f.type === "checkbox") return <CheckboxField key={name} name={name} label={f.label} defaultChecked={value(name) === "on"} errors={errors(name)} />;
        return <TextField key={name} name={name} label={label} required={f.required} defaultValue={value(name)} errors={errors(name)} />;
      })}
      <SubmitButton className="w-full" pendingText="Creating account…">Create account</SubmitButton>
    </form>
  );
}
