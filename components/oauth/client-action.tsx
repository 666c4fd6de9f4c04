"use client";

import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { SecretOnce } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A button that opens a confirm dialog for one OAuth client (R-OAUTH-CLIENTS): "New secret"
 * (the new secret is then shown once in the dialog), "Delete" in the portal, "Revoke" in the
 * console. The caller binds the action; the dialog explains what happens before anything does.
 */
export function ClientActionButton({
  action,
  oauthClientId,
  clientName,
  hidden = {},
  label,
  title,
  description,
  submitText,
  pendingText,
  danger = false,
}: {
  action: Action;
  oauthClientId: string;
  clientName: string;
  hidden?: Hidden;
  label: string;
  title: string;
  description: string;
  submitText: string;
  pendingText: string;
  danger?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [n, setN] = useState(0);
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          setN(n + 1);
          setOpen(true);
        }}
        aria-label={`${label}: ${clientName}`}
      >
        {label}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={title}>
        {open && (
          <ClientActionForm
            key={n}
            action={action}
            hidden={{ ...hidden, oauthClientId }}
            description={description}
            submitText={submitText}
            pendingText={pendingText}
            danger={danger}
            onDone={() => setOpen(false)}
          />
        )}
      </Dialog>
    </>
  );
}

function ClientActionForm({
  action,
  hidden,
  description,
  submitText,
  pendingText,
  danger,
  onDone,
}: {
  action: Action;
  hidden: Hidden;
  description: string;
  submitText: string;
  pendingText: string;
  danger: boolean;
  onDone: () => void;
}) {
  // "New secret" (not danger) keeps the dialog open to show the secret; Delete/Revoke close it.
  const { state, formAction } = useActionForm(action, { onSuccess: danger ? onDone : undefined });
  if (state.ok && state.data?.clientSecret)
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          Client id <code className="break-all font-mono">{state.data.clientId}</code>
        </p>
        <SecretOnce label="The new client secret" value={state.data.clientSecret} />
        <p className="text-sm text-slate-700" data-testid="rotate-result">
          The old secret, and every access token issued with it, no longer work.
        </p>
        <Button onClick={onDone}>Done</Button>
      </div>
    );
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <HiddenFields hidden={hidden} />
      <p className="text-sm text-slate-700">{description}</p>
      <SubmitButton variant={danger ? "danger" : "primary"} pendingText={pendingText}>
        {submitText}
      </SubmitButton>
    </form>
  );
}
