"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ActionState } from "@/lib/actions/state";
import { useActionForm } from "./use-action-form";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * useActionForm for the admin console's configuration forms, adding:
 * - `version`: changes with every answer. Key the fields' container with it: React resets a
 *   form after each action, and a <select>'s default is only read on mount, so remounting is what
 *   makes every control show what was typed (or, after a save, the saved data).
 * - `text` / `checked` / `list`: the typed value after a failed submit, else the stored one.
 * - On success with `data.redirectTo`, navigates there (the toast comes from useActionForm);
 *   `errorState` feeds <FormMessage> so success is not announced twice.
 * - After a failed submit, focus moves to the first invalid field.
 */
export function useConfigForm(action: Action) {
  const form = useActionForm(action);
  const { state } = form;
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [seen, setSeen] = useState(state);
  const [version, setVersion] = useState(0);
  if (seen !== state) {
    setSeen(state);
    setVersion((v) => v + 1);
  }

  useEffect(() => {
    if (state.ok && state.data?.redirectTo) router.push(state.data.redirectTo);
    if (!state.ok && state.fieldErrors)
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state, router]);

  const typed = !state.ok && state.values !== undefined;
  return {
    ...form,
    /** For <FormMessage>: errors only, since success is announced by the toast. */
    errorState: state.ok ? { ok: false } : state,
    formRef,
    version,
    text: (name: string, stored: string | null | undefined) =>
      typed ? (form.value(name) ?? "") : (stored ?? ""),
    checked: (name: string, stored: boolean) => (typed ? form.value(name) === "on" : stored),
    list: (name: string, stored: string[]) => (typed ? asList(state.values?.[name]) : stored),
    /** Typed values to rebuild dynamic rows from, or undefined to use the stored ones. */
    typedValues: typed ? state.values : undefined,
  };
}
