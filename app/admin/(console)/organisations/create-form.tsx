"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { createOrganisationAction } from "./actions";

/** Name, portal address (slug) and the owner's email → the organisation and an owner invitation. */
export function CreateOrganisationForm({ portalBase }: { portalBase: string }) {
  const { state, formAction, value, field } = useActionForm(createOrganisationAction, {
    toastSuccess: false,
  });
  return (
    <div className="space-y-4">
      <FormMessage state={state} />
      {/* Keyed by the last answer: a remount applies the echoed values (or clears after success). */}
      <form
        key={JSON.stringify([state.ok, state.values, state.fieldErrors])}
        action={formAction}
        className="grid gap-4 md:grid-cols-3 md:items-start"
        noValidate
      >
        <TextField
          id="org-name"
          {...field("name")}
          label="Name"
          autoComplete="organization"
          required
          defaultValue={state.ok ? "" : value("name")}
        />
        <TextField
          id="org-slug"
          {...field("slug")}
          label="Portal address"
          hint={`${portalBase}/<address>: lower-case letters, digits and dashes.`}
          autoComplete="off"
          spellCheck={false}
          required
          defaultValue={state.ok ? "" : value("slug")}
        />
        <TextField
          id="org-owner"
          {...field("ownerEmail")}
          label="Owner's email"
          type="email"
          autoComplete="off"
          required
          defaultValue={state.ok ? "" : value("ownerEmail")}
        />
        <div className="md:col-span-3">
          <SubmitButton pendingText="Creating…">Create organisation</SubmitButton>
        </div>
      </form>
    </div>
  );
}
