"use client";
import Link from "next/link";
import { useState } from "react";
import { addDeveloperAction, editDeveloperAction } from "./actions";
import { CustomFieldInputs, customFieldValues } from "@/components/forms/custom-fields";
import { ContactFields } from "@/components/forms/contact-fields";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { buttonClass } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FieldDefinition } from "@/db/schema";
import { passwordRulesHint } from "@/lib/validation/common";

type Initial = {
  developerId: string;
  email: string;
  name: string;
  telephone: string | null;
  country: string | null;
  customFields: Record<string, string | boolean>;
};

/** Add (R-DEV-ADD) or edit (R-DEV-EDIT) a developer: basic details plus the org's custom fields. */
export function DeveloperForm({
  fields,
  minPasswordLength,
  initial,
}: {
  fields: FieldDefinition[];
  minPasswordLength: number;
  initial?: Initial;
}) {
  const {
    state,
    formAction,
    value: typed,
    errors,
    field,
  } = useActionForm(initial ? editDeveloperAction : addDeveloperAction, {
    stored: initial && { ...initial, ...customFieldValues(initial.customFields) },
  });
  const [access, setAccess] = useState<"invite" | "password">("invite");
  // React resets a form after its action answers, radios included: keep the choice that was
  // submitted (the answer echoes it), and remount the radios on each answer so the DOM shows it.
  const [answered, setAnswered] = useState({ state, count: 0 });
  if (answered.state !== state) {
    const submitted = state.values ? typed("access") : undefined;
    if (submitted === "password" || submitted === "invite") setAccess(submitted);
    setAnswered({ state, count: answered.count + 1 });
  }
  const answers = answered.count;
  const value = (name: string) => field(name).defaultValue;
  return (
    <form action={formAction} className="max-w-xl space-y-4" noValidate>
      <FormMessage state={state} />
      {initial && <input type="hidden" name="developerId" value={initial.developerId} />}
      <TextField {...field("email")} label="Email" type="email" required />
      <TextField {...field("name")} label="Name" required />
      <ContactFields field={field} own={false} />
      <CustomFieldInputs fields={fields} value={value} errors={errors} />
      {!initial && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">Access</legend>
          {(
            [
              ["invite", "Send an invitation email to set a password"],
              ["password", "Set a password now"],
            ] as const
          ).map(([v, label]) => (
            <label key={`${v}-${answers}`} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="access"
                value={v}
                defaultChecked={access === v}
                onChange={() => setAccess(v)}
                className="size-4 text-brand-600"
              />
              {label}
            </label>
          ))}
          {access === "password" && (
            <TextField
              {...field("password")}
              label="Password"
              type="password"
              autoComplete="new-password"
              hint={passwordRulesHint(minPasswordLength)}
            />
          )}
        </fieldset>
      )}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Saving…">
          {initial ? "Save changes" : "Add developer"}
        </SubmitButton>
        <Link
          href={initial ? `/admin/developers/${initial.developerId}` : "/admin/developers"}
          className={buttonClass({ variant: "secondary" })}
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}
