"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { requireTwoFactorAction } from "./actions";

/** Owners' switch: every admin must set up two-factor before using the console. */
export function RequireTwoFactorForm({ required }: { required: boolean }) {
  const { state, formAction } = useActionForm(requireTwoFactorAction);
  return (
    <form key={String(required)} action={formAction} className="space-y-3">
      {!state.ok && <FormMessage state={state} />}
      <CheckboxField
        name="required"
        label="Require two-factor for all admins"
        defaultChecked={required}
      />
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}
