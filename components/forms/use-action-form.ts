"use client";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { type ActionState, initialActionState } from "@/lib/actions/state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/** useActionState plus a toast for the result; returns helpers to read errors and typed values. */
export function useActionForm(action: Action, { toastSuccess = true } = {}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  useEffect(() => {
    if (state.ok && state.message && toastSuccess) toast.success(state.message);
  }, [state, toastSuccess]);
  const value = (name: string): string | undefined => {
    const v = state.values?.[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const errors = (name: string) => state.fieldErrors?.[name];
  return { state, formAction, pending, value, errors };
}
