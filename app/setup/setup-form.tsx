"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { setupAction } from "./actions";

export function SetupForm() {
  const { state, formAction, field } = useActionForm(setupAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">Organisation</legend>
        <TextField {...field("orgName")} label="Organisation name" required />
        <TextField
          {...field("orgSlug")}
          label="Portal address"
          hint="Your developer portal lives at /<address>, e.g. /acme."
          required
          autoCapitalize="none"
        />
      </fieldset>
      <fieldset className="space-y-4 pt-2">
        <legend className="text-sm font-semibold text-slate-900">Owner account</legend>
        <TextField {...field("name")} label="Your name" autoComplete="name" required />
        <TextField {...field("email")} label="Email" type="email" autoComplete="email" required />
        <TextField
          {...field("password")}
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          required
        />
      </fieldset>
      <SubmitButton className="w-full" pendingText="Creating…">
        Create organisation
      </SubmitButton>
    </form>
  );
}
