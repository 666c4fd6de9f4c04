"use client";
import { RotateCw } from "lucide-react";
import { useActionForm } from "@/components/forms/use-action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { resendDeliveryAction } from "../actions";

/** Re-queues one delivery (same event id, fresh retry budget) and sends it at once. */
export function ResendButton({ deliveryId, event }: { deliveryId: string; event: string }) {
  const { state, formAction } = useActionForm(resendDeliveryAction);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <SubmitButton
        variant="secondary"
        size="sm"
        pendingText="Sending…"
        aria-label={`Resend ${event} delivery ${deliveryId}`}
      >
        <RotateCw className="size-4" aria-hidden /> Resend
      </SubmitButton>
      {!state.ok && state.message && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}
