"use client";
import { Check, X } from "lucide-react";
import { useEffect, useState } from "react";
import { approveKeyRequestAction, declineKeyRequestAction } from "./actions";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { toast } from "@/components/ui/toaster";

function DeclineForm({ requestId, onDone }: { requestId: string; onDone: () => void }) {
  const { state, formAction, value, errors } = useActionForm(declineKeyRequestAction, {
    onSuccess: onDone,
  });
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="requestId" value={requestId} />
      <TextAreaField
        name="reason"
        label="Reason (optional, shown to the developer)"
        defaultValue={value("reason")}
        errors={errors("reason")}
      />
      <SubmitButton variant="danger" pendingText="Declining…">
        Decline request
      </SubmitButton>
    </form>
  );
}

/** Approve / Decline of one pending request (R-KEYREQ-APPROVE, R-KEYREQ-DECLINE). */
export function KeyRequestActions({
  requestId,
  developerEmail,
}: {
  requestId: string;
  developerEmail: string;
}) {
  const { state, formAction } = useActionForm(approveKeyRequestAction);
  const [declining, setDeclining] = useState(false);
  useEffect(() => {
    if (!state.ok && state.message) toast.error(state.message);
  }, [state]);
  return (
    <div className="flex flex-wrap gap-2">
      <form action={formAction}>
        <input type="hidden" name="requestId" value={requestId} />
        <SubmitButton
          size="sm"
          pendingText="Approving…"
          aria-label={`Approve request of ${developerEmail}`}
        >
          <Check className="size-4" aria-hidden /> Approve
        </SubmitButton>
      </form>
      <Button
        size="sm"
        variant="secondary"
        onClick={() => setDeclining(true)}
        aria-label={`Decline request of ${developerEmail}`}
      >
        <X className="size-4" aria-hidden /> Decline
      </Button>
      <Dialog
        open={declining}
        onOpenChange={setDeclining}
        title="Decline this request?"
        description={`${developerEmail} will be told by email.`}
      >
        {declining && <DeclineForm requestId={requestId} onDone={() => setDeclining(false)} />}
      </Dialog>
    </div>
  );
}
