"use client";
import { useActionState } from "react";
import { toast } from "sonner";
import { type ActionState, initialActionState } from "@/lib/actions/state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * useActionState plus a toast for the result; returns helpers to read errors and typed values.
 * `onSuccess` runs when the action succeeded (a dialog closing itself, say).
 */
export function useActionForm(
  action: Action,
  { toastSuccess = true, onSuccess }: { toastSuccess?: boolean; onSuccess?: () => void } = {},
) {
  // The toast is raised as soon as the action answers, before React re-renders: a revalidated page
  // may unmount the form (an approved request leaves the list) and the result must still show.
  const [state, formAction, pending] = useActionState(
    async (prev: ActionState, formData: FormData) => {
      const result = await action(prev, formData);
      if (result.ok && result.message && toastSuccess) toast.success(result.message);
      if (result.ok) onSuccess?.();
      return result;
    },
    initialActionState,
  );
  const value = (name: string): string | undefined => {
    const v = state.values?.[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const errors = (name: string) => state.fieldErrors?.[name];
  return { state, formAction, pending, value, errors };
}
