"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";
import type { FormAction } from "./types";

/** On: new recovery codes (with an app code). The codes are shown by the panel. */
export function NewCodesForm({
  action,
  state,
}: {
  action: (formData: FormData) => void;
  state: ActionState;
}) {
  return (
    <form action={action} className="space-y-3" noValidate>
      <h3 className="font-medium text-slate-900">New recovery codes</h3>
      <p className="text-sm text-slate-600">The old codes stop working.</p>
      {!state.ok && !state.fieldErrors?.code && <FormMessage state={state} />}
      <TextField
        id="totp-new-codes-code"
        name="code"
        label="Code from your app"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        required
        errors={state.fieldErrors?.code}
        className="max-w-48"
      />
      <SubmitButton variant="secondary" pendingText="Creating…">
        Create new recovery codes
      </SubmitButton>
    </form>
  );
}

/** On: turning it off needs the password or a code. */
export function DisableForm({ action, required }: { action: FormAction; required: boolean }) {
  const { state, formAction, field } = useActionForm(action);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <h3 className="font-medium text-slate-900">Turn off two-factor</h3>
      <p className="text-sm text-slate-600">
        {required
          ? "Your organisation requires two-factor: you will have to set it up again (for example on a new phone)."
          : "Your account will be protected by your password only."}{" "}
        Confirm with your password or a code.
      </p>
      {!state.ok && !state.fieldErrors && <FormMessage state={state} />}
      <TextField
        id="totp-disable-password"
        {...field("password")}
        label="Your password"
        type="password"
        autoComplete="current-password"
      />
      <TextField
        id="totp-disable-code"
        {...field("code")}
        label="Or a code (app or recovery code)"
        autoComplete="one-time-code"
        maxLength={40}
      />
      <SubmitButton variant="danger" pendingText="Turning off…">
        Turn off two-factor
      </SubmitButton>
    </form>
  );
}
