"use client";

import { FormMessage } from "@/components/forms/form-message";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The body of the "Revoke key?" dialog, for the admin's keys panel and the developer's My keys:
 * what revoking does, and the button. The caller binds the action and closes the dialog on
 * success (`onDone`).
 */
export function RevokeKeyForm({
  action,
  keyId,
  start,
  hidden = {},
  onDone,
}: {
  action: Action;
  keyId: string;
  start: string;
  hidden?: Hidden;
  onDone: () => void;
}) {
  const { state, formAction } = useActionForm(action, { onSuccess: onDone });
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <HiddenFields hidden={hidden} />
      <input type="hidden" name="keyId" value={keyId} />
      <p className="text-sm text-slate-700">
        Calls with {start}… will be refused by the gateway at once. This cannot be undone.
      </p>
      <SubmitButton variant="danger" pendingText="Revoking…">
        Revoke key
      </SubmitButton>
    </form>
  );
}
