"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { inviteAdminAction } from "./actions";

const ROLES = [
  { value: "admin", label: "Admin — manages developers, keys and configuration" },
  { value: "viewer", label: "Viewer — reads everything, changes nothing" },
];

/** Email + role → an invitation email with a 72-hour link. */
export function InviteForm() {
  const { state, formAction, value, errors, field } = useActionForm(inviteAdminAction, {
    toastSuccess: false,
  });
  return (
    <div className="space-y-4">
      <FormMessage state={state} />
      {/* Keyed by the last answer: a remount applies the echoed values (or clears after success). */}
      <form
        key={JSON.stringify([state.ok, state.values, state.fieldErrors])}
        action={formAction}
        className="grid gap-4 md:grid-cols-[1fr_1fr_auto] md:items-start"
        noValidate
      >
        <TextField
          id="invite-email"
          {...field("email")}
          label="Email"
          type="email"
          autoComplete="off"
          required
          defaultValue={state.ok ? "" : value("email")}
        />
        <SelectField
          name="role"
          label="Role"
          options={ROLES}
          defaultValue={(state.ok ? undefined : value("role")) ?? "admin"}
          errors={errors("role")}
        />
        <SubmitButton pendingText="Sending…" className="md:mt-6">
          Send invitation
        </SubmitButton>
      </form>
    </div>
  );
}
