"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { loginCodeAction } from "./actions";

/** Second step of an admin login with two-factor on: a code from the app, or a recovery code. */
export function CodeStep({
  challenge,
  next,
  onRestart,
}: {
  challenge: string;
  next?: string;
  onRestart: () => void;
}) {
  const { state, formAction, errors, field } = useActionForm(loginCodeAction);
  if (state.data?.restart)
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <Button onClick={onRestart} className="w-full">
          Log in again
        </Button>
      </div>
    );
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <div>
        <h2 className="text-base font-semibold text-slate-900">Two-factor authentication</h2>
        <p className="mt-1 text-sm text-slate-600">
          Enter the 6-digit code from your authenticator app. Lost your phone? Enter one of your
          recovery codes instead.
        </p>
      </div>
      {!errors("code") && <FormMessage state={state} />}
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="next" value={next ?? ""} />
      <TextField
        {...field("code")}
        label="Code"
        autoComplete="one-time-code"
        autoFocus
        required
        maxLength={40}
      />
      <SubmitButton className="w-full" pendingText="Checking…">
        Verify
      </SubmitButton>
      <Button variant="ghost" className="w-full" onClick={onRestart}>
        Use another account
      </Button>
    </form>
  );
}
