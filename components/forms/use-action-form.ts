"use client";
import { useActionState } from "react";
import { toast } from "sonner";
import { type ActionState, initialActionState } from "@/lib/actions/state";

/** Results whose success message a toast already announced (FormMessage then shows it silently). */
const toasted = new WeakSet<ActionState>();

/** Whether a toast already announced this result's message (one announcement per save). */
export function wasToasted(state: ActionState): boolean {
  return toasted.has(state);
}

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * useActionState plus a toast for the result; returns helpers to read errors and typed values.
 * `onSuccess` runs when the action succeeded (a dialog closing itself, say).
 */
export function useActionForm(
  action: Action,
  {
    toastSuccess = true,
    onSuccess,
    stored,
  }: {
    toastSuccess?: boolean;
    onSuccess?: () => void;
    /** What an edit form shows before its first submit (the stored record). */
    stored?: Record<string, unknown>;
  } = {},
) {
  // The toast is raised as soon as the action answers, before React re-renders: a revalidated page
  // may unmount the form (an approved request leaves the list) and the result must still show.
  const [state, formAction, pending] = useActionState(
    async (prev: ActionState, formData: FormData) => {
      const result = await action(prev, formData);
      if (result.ok && result.message && toastSuccess) {
        toast.success(result.message);
        toasted.add(result);
      }
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
  // After a refused submit, what was typed (even if emptied); before, the stored value.
  const field: BindField = (name) => {
    const before = stored?.[name];
    return {
      name,
      defaultValue: state.values ? value(name) : typeof before === "string" ? before : undefined,
      errors: errors(name),
    };
  };
  return { state, formAction, pending, value, errors, field };
}

/**
 * The props that bind a field to the form's state: its name, what was typed before a refused
 * submit (or the stored value), and its errors. `<TextField {...field("email")} … />`.
 */
export type BindField = (name: string) => {
  name: string;
  defaultValue: string | undefined;
  errors: string[] | undefined;
};
