"use client";
import { useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { DisableForm, NewCodesForm } from "./manage-forms";
import { RecoveryCodes } from "./recovery-codes";
import { ConfirmStep, StartForm } from "./setup-forms";
import type { TwoFactorActions, TwoFactorView } from "./types";

/**
 * The body of the two-factor section. The forms whose answer carries recovery codes live here,
 * above the status switch: when the page re-renders with the new status, this component stays
 * mounted and the codes stay on screen until the admin says they saved them.
 */
export function TwoFactorPanel({
  view,
  actions,
  required,
}: {
  view: TwoFactorView;
  actions: TwoFactorActions;
  required: boolean;
}) {
  const confirm = useActionForm(actions.confirm);
  const newCodes = useActionForm(actions.newCodes);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const codes = newCodes.state.data?.recoveryCodes ?? confirm.state.data?.recoveryCodes;
  if (codes && codes !== dismissed)
    return <RecoveryCodes codes={codes.split("\n")} onDone={() => setDismissed(codes)} />;

  switch (view.status) {
    case "off":
    case "unreadable":
      return (
        <div className="space-y-4">
          {view.status === "unreadable" && (
            <Alert tone="error">
              Your earlier set-up can no longer be read (the server&apos;s secret changed). Set it
              up again.
            </Alert>
          )}
          {required && (
            <Alert tone="info">
              Your organisation requires two-factor authentication for every admin.
            </Alert>
          )}
          <p className="text-sm text-slate-700">
            With two-factor on, logging in needs your password and a 6-digit code from an
            authenticator app on your phone.
          </p>
          <StartForm action={actions.start} label="Set up two-factor authentication" />
        </div>
      );
    case "pending":
      return (
        <ConfirmStep
          secret={view.secret}
          uri={view.uri}
          qrDataUrl={view.qrDataUrl}
          confirm={confirm.formAction}
          confirmState={confirm.state}
          cancel={actions.cancel}
        />
      );
    case "on":
      return (
        <div className="space-y-6">
          <p className="text-sm text-slate-700">
            Logging in asks for a code from your authenticator app.{" "}
            <span data-testid="recovery-codes-left">
              {view.recoveryCodesLeft === 1
                ? "1 recovery code left."
                : `${view.recoveryCodesLeft} recovery codes left.`}
            </span>
          </p>
          {view.recoveryCodesLeft <= 2 && (
            <Alert tone="info">Few recovery codes left: create new ones.</Alert>
          )}
          <div className="grid gap-6 md:grid-cols-2">
            <NewCodesForm action={newCodes.formAction} state={newCodes.state} />
            <DisableForm action={actions.disable} required={required} />
          </div>
        </div>
      );
  }
}
