"use client";
import { Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";
import { FormMessage } from "./form-message";
import { useConfigForm } from "./use-config-form";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/** "Delete …" button opening a confirmation dialog that says what else goes; posts `id` to `action`. */
export function ConfirmDeleteDialog({
  action,
  id,
  title,
  triggerLabel,
  confirmLabel,
  children,
}: {
  action: Action;
  id: string;
  title: string;
  triggerLabel: string;
  confirmLabel: string;
  children: ReactNode;
}) {
  const { errorState, formAction } = useConfigForm(action);
  return (
    <Dialog
      title={title}
      trigger={
        <Button variant="danger">
          <Trash2 className="size-4" aria-hidden /> {triggerLabel}
        </Button>
      }
    >
      <form action={formAction} className="space-y-4">
        <FormMessage state={errorState} />
        <div className="space-y-2 text-sm text-slate-700">{children}</div>
        <input type="hidden" name="id" value={id} />
        <div className="flex flex-wrap justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <SubmitButton variant="danger" pendingText="Deleting…">
            {confirmLabel}
          </SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}
