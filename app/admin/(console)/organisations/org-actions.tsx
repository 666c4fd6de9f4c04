"use client";
import { Ban, RotateCcw } from "lucide-react";
import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { reactivateOrganisationAction, suspendOrganisationAction } from "./actions";

export type OrganisationView = { id: string; name: string; suspended: boolean; own: boolean };

function ConfirmForm({ org, close }: { org: OrganisationView; close: () => void }) {
  const action = org.suspended ? reactivateOrganisationAction : suspendOrganisationAction;
  const { state, formAction, field } = useActionForm(action, { onSuccess: close });
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {!state.ok && <FormMessage state={state} />}
      <input type="hidden" name="orgId" value={org.id} />
      {org.suspended ? (
        <p className="text-sm text-slate-700">
          Its portal, console and API keys work again at once, as they were before.
        </p>
      ) : (
        <>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>
              Its portal shows &ldquo;This portal is suspended&rdquo;; developers cannot log in.
            </li>
            <li>Its admins can still log in and look, but change nothing.</li>
            <li>The gateway refuses its API keys (403 org_suspended).</li>
            <li>Nothing is deleted: reactivating restores everything.</li>
          </ul>
          <TextField
            id={`reason-${org.id}`}
            {...field("reason")}
            label="Reason (optional, kept in the audit logs)"
            autoComplete="off"
          />
        </>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <SubmitButton variant={org.suspended ? "primary" : "danger"} pendingText="Saving…">
          {org.suspended ? `Reactivate ${org.name}` : `Suspend ${org.name}`}
        </SubmitButton>
      </div>
    </form>
  );
}

/** Suspend / Reactivate with a confirmation dialog; not offered for the operator's own organisation. */
export function OrganisationActions({ org }: { org: OrganisationView }) {
  const [open, setOpen] = useState(false);
  if (org.own) return <span className="text-sm text-slate-600">Your organisation</span>;
  return (
    <>
      <Button
        variant={org.suspended ? "secondary" : "ghost"}
        size="sm"
        className={org.suspended ? undefined : "text-red-700"}
        onClick={() => setOpen(true)}
        aria-label={`${org.suspended ? "Reactivate" : "Suspend"} ${org.name}`}
      >
        {org.suspended ? (
          <>
            <RotateCcw className="size-4" aria-hidden /> Reactivate
          </>
        ) : (
          <>
            <Ban className="size-4" aria-hidden /> Suspend
          </>
        )}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={org.suspended ? `Reactivate ${org.name}?` : `Suspend ${org.name}?`}
      >
        {open && <ConfirmForm org={org} close={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}
