"use client";
import { Pencil, Trash2, UserCheck, UserX } from "lucide-react";
import { useState } from "react";
import { deleteDeveloperAction, setDeveloperStatusAction } from "../actions";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button, ButtonLink } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

function StatusForm({
  developerId,
  status,
}: {
  developerId: string;
  status: "active" | "inactive";
}) {
  const { state, formAction } = useActionForm(setDeveloperStatusAction);
  const next = status === "active" ? "inactive" : "active";
  return (
    <form action={formAction}>
      <input type="hidden" name="developerId" value={developerId} />
      <input type="hidden" name="status" value={next} />
      <SubmitButton variant="secondary" pendingText="Saving…">
        {next === "inactive" ? (
          <UserX className="size-4" aria-hidden />
        ) : (
          <UserCheck className="size-4" aria-hidden />
        )}
        {next === "inactive" ? "Deactivate" : "Reactivate"}
      </SubmitButton>
      {!state.ok && state.message && (
        <span className="sr-only" role="alert">
          {state.message}
        </span>
      )}
    </form>
  );
}

function DeleteForm({ developerId, email }: { developerId: string; email: string }) {
  const { state, formAction, errors } = useActionForm(deleteDeveloperAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="developerId" value={developerId} />
      <p className="text-sm text-slate-700">
        {email} loses their account, all their keys are revoked and their usage history is removed.
        The audit log keeps the fact.
      </p>
      <TextField
        name="confirm"
        label='Type "delete" to confirm'
        autoComplete="off"
        errors={errors("confirm")}
      />
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete developer
      </SubmitButton>
    </form>
  );
}

/** Edit / deactivate / delete buttons of a developer profile (R-DEV-EDIT, R-DEV-DEACTIVATE). */
export function DeveloperActions({
  developerId,
  email,
  status,
}: {
  developerId: string;
  email: string;
  status: "active" | "inactive";
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-wrap gap-2">
      <ButtonLink href={`/admin/developers/${developerId}/edit`} variant="secondary">
        <Pencil className="size-4" aria-hidden /> Edit
      </ButtonLink>
      <StatusForm developerId={developerId} status={status} />
      <Button variant="secondary" onClick={() => setOpen(true)} className="text-red-700">
        <Trash2 className="size-4" aria-hidden /> Delete
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Delete developer?">
        {open && <DeleteForm developerId={developerId} email={email} />}
      </Dialog>
    </div>
  );
}
