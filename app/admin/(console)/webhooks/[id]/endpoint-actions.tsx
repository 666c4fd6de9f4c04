"use client";
import { KeyRound, Pause, Play, Send } from "lucide-react";
import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { SecretOnce } from "@/components/ui/copy-button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { rotateWebhookSecretAction, sendTestEventAction, setWebhookActiveAction } from "../actions";

function ActionError({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="w-full text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

function SendTestEvent({ id, disabled }: { id: string; disabled: boolean }) {
  const { state, formAction } = useActionForm(sendTestEventAction);
  return (
    <form action={formAction} className="contents">
      <input type="hidden" name="id" value={id} />
      <SubmitButton
        variant="secondary"
        pendingText="Sending…"
        disabled={disabled}
        title={disabled ? "Enable the endpoint first" : undefined}
      >
        <Send className="size-4" aria-hidden /> Send test event
      </SubmitButton>
      {!state.ok && <ActionError message={state.message} />}
    </form>
  );
}

function ToggleActive({ id, active }: { id: string; active: boolean }) {
  const { state, formAction } = useActionForm(setWebhookActiveAction);
  return (
    <form action={formAction} className="contents">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <SubmitButton variant="secondary" pendingText={active ? "Disabling…" : "Enabling…"}>
        {active ? (
          <Pause className="size-4" aria-hidden />
        ) : (
          <Play className="size-4" aria-hidden />
        )}
        {active ? "Disable" : "Enable"}
      </SubmitButton>
      {!state.ok && <ActionError message={state.message} />}
    </form>
  );
}

function RotateForm({ id }: { id: string }) {
  const { state, formAction } = useActionForm(rotateWebhookSecretAction, { toastSuccess: false });
  if (state.ok && state.data?.secret)
    return (
      <div className="space-y-4">
        <SecretOnce label="New signing secret" value={state.data.secret} />
        <div className="flex justify-end">
          <DialogClose asChild>
            <Button>Done</Button>
          </DialogClose>
        </div>
      </div>
    );
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-slate-700">
        The current secret stops working at once: deliveries from now on are signed with the new
        one. Update your receiver right after.
      </p>
      <div className="flex flex-wrap justify-end gap-2">
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <SubmitButton pendingText="Rotating…">Rotate secret</SubmitButton>
      </div>
    </form>
  );
}

function RotateSecret({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <KeyRound className="size-4" aria-hidden /> Rotate secret
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Rotate the signing secret?">
        {/* Mounted only while open, so a secret shown once is gone when the dialog closes. */}
        {open && <RotateForm id={id} />}
      </Dialog>
    </>
  );
}

/** Admin controls of one endpoint (viewers do not get this component). */
export function EndpointActions({ id, active }: { id: string; active: boolean }) {
  return (
    <div className="flex flex-wrap items-start gap-2">
      <SendTestEvent id={id} disabled={!active} />
      <ToggleActive id={id} active={active} />
      <RotateSecret id={id} />
    </div>
  );
}
