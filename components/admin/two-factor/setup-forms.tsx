"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";
import type { FormAction } from "./types";

/** Off: one button creates the secret. */
export function StartForm({ action, label }: { action: FormAction; label: string }) {
  const { state, formAction } = useActionForm(action, { toastSuccess: false });
  return (
    <form action={formAction} className="space-y-3">
      {!state.ok && <FormMessage state={state} />}
      <SubmitButton pendingText="Preparing…">{label}</SubmitButton>
    </form>
  );
}

/** Pending: the QR code, the key as text, and the code that confirms it. */
export function ConfirmStep({
  secret,
  uri,
  qrDataUrl,
  confirm,
  confirmState,
  cancel,
}: {
  secret: string;
  uri: string;
  qrDataUrl: string;
  confirm: (formData: FormData) => void;
  confirmState: ActionState;
  cancel: FormAction;
}) {
  const cancelForm = useActionForm(cancel);
  const codeErrors = confirmState.fieldErrors?.code;
  return (
    <div className="space-y-5">
      <ol className="list-decimal space-y-4 pl-5 text-sm text-slate-800">
        <li>
          <p>
            Scan this QR code with your authenticator app (1Password, Google Authenticator, Authy…).
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL rendered on the server */}
          <img
            src={qrDataUrl}
            alt="QR code to add Gatehouse to your authenticator app"
            width={192}
            height={192}
            className="mt-3 rounded border border-slate-200 bg-white p-2"
          />
        </li>
        <li>
          <p>Or type this key into the app:</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code
              data-testid="totp-secret"
              className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm text-slate-900"
            >
              {secret.replace(/(.{4})(?=.)/g, "$1 ")}
            </code>
            <CopyButton value={secret} label="Copy key" />
          </div>
          <details className="mt-2">
            <summary className="cursor-pointer text-slate-700">
              Show the setup link (otpauth://)
            </summary>
            <code
              data-testid="totp-uri"
              className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-900"
            >
              {uri}
            </code>
          </details>
        </li>
        <li>
          <p>Enter the 6-digit code the app shows.</p>
        </li>
      </ol>
      <form action={confirm} className="space-y-3" noValidate>
        {!confirmState.ok && !codeErrors && <FormMessage state={confirmState} />}
        <TextField
          id="totp-confirm-code"
          name="code"
          label="Code from your app"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          required
          errors={codeErrors}
          className="max-w-48"
        />
        <SubmitButton pendingText="Checking…">Turn on two-factor</SubmitButton>
      </form>
      <form action={cancelForm.formAction}>
        <SubmitButton variant="ghost" size="sm" pendingText="Cancelling…">
          Cancel set-up
        </SubmitButton>
      </form>
    </div>
  );
}
