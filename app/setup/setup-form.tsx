"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { setupAction } from "./actions";

export function SetupForm() {
  const { state, formAction, value, errors } = useActionForm(setupAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">Organisation</legend>
        <TextField
          name="orgName"
          label="Organisation name"
          required
          defaultValue={value("orgName")}
          errors={errors("orgName")}
        />
        <TextField
          name="orgSlug"
          label="Portal address"
          hint="Your developer portal lives at /<address>, e.g. /acme."
          required
          defaultValue={value("orgSlug")}
          errors={errors("orgSlug")}
          autoCapitalize="none"
        />
      </fieldset>
      <fieldset className="space-y-4 pt-2">
        <legend className="text-sm font-semibold text-slate-900">Owner account</legend>
        <TextField
          name="name"
          label="Your name"
          autoComplete="name"
          required
          defaultValue={value("name")}
          errors={errors("name")}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          defaultValue={value("email")}
          errors={errors("email")}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          required
          errors={errors("password")}
        />
      </fieldset>
      <SubmitButton className="w-full" pendingText="Creating…">
        Create organisation
      </SubmitButton>
    </form>
  );
}
