"use client";
import { useEffect, useState } from "react";
import { revokeOwnKeyAction } from "./actions";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";

function RevokeForm({
  org,
  keyId,
  start,
  onDone,
}: {
  org: string;
  keyId: string;
  start: string;
  onDone: () => void;
}) {
  const { state, formAction } = useActionForm(revokeOwnKeyAction);
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="keyId" value={keyId} />
      <p className="text-sm text-slate-700">
        Calls with {start}… will be refused at once. This cannot be undone.
      </p>
      <SubmitButton variant="danger" pendingText="Revoking…">
        Revoke key
      </SubmitButton>
    </form>
  );
}

export function RevokeOwnKey({ org, keyId, start }: { org: string; keyId: string; start: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => setOpen(true)}
        aria-label={`Revoke key ${start}`}
      >
        Revoke
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Revoke this key?">
        {open && <RevokeForm org={org} keyId={keyId} start={start} onDone={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}
