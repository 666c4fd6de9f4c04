"use client";
import { Ban } from "lucide-react";
import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { revokeTokenAction } from "./actions";

function RevokeForm({
  tokenId,
  name,
  kind,
  onDone,
}: {
  tokenId: string;
  name: string;
  kind: "gateway" | "management";
  onDone: () => void;
}) {
  const { state, formAction } = useActionForm(revokeTokenAction, { onSuccess: onDone });
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="tokenId" value={tokenId} />
      <p className="text-sm text-slate-700">
        {kind === "gateway"
          ? `Gateways using “${name}” stop being able to verify keys: every call through them will be refused. This cannot be undone.`
          : `Automation using “${name}” loses access to the management API. This cannot be undone.`}
      </p>
      <SubmitButton variant="danger" pendingText="Revoking…">
        Revoke token
      </SubmitButton>
    </form>
  );
}

export function RevokeTokenButton({
  tokenId,
  name,
  kind,
}: {
  tokenId: string;
  name: string;
  kind: "gateway" | "management";
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        className="text-red-700"
        onClick={() => setOpen(true)}
        aria-label={`Revoke ${name}`}
      >
        <Ban className="size-4" aria-hidden /> Revoke
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={`Revoke “${name}”?`}>
        {open && (
          <RevokeForm tokenId={tokenId} name={name} kind={kind} onDone={() => setOpen(false)} />
        )}
      </Dialog>
    </>
  );
}
