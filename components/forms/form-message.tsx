"use client";
import { useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/state";
import { wasToasted } from "./use-action-form";

/**
 * The form-level message of an action (field errors are shown beside their fields), and where
 * focus goes after a refused submit (WCAG 2.4.3, 3.3.1): to the form's first invalid field (its
 * label and linked error are read), else to this message. Exactly one announcement: field errors
 * are not live regions, a refusal is read by moving focus, a success by its toast (or by this
 * message as a status when the form raised no toast).
 */
export function FormMessage({ state }: { state: ActionState }) {
  const anchor = useRef<HTMLSpanElement>(null);
  const message = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.ok || (!state.message && !state.fieldErrors)) return;
    const form = anchor.current?.closest("form");
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else message.current?.focus();
  }, [state]);
  return (
    <>
      <span ref={anchor} hidden />
      {state.message &&
        (state.ok ? (
          <Alert tone="success" live={!wasToasted(state)}>
            {state.message}
          </Alert>
        ) : (
          <Alert tone="error" live={false} ref={message} tabIndex={-1} className="outline-offset-2">
            {state.message}
          </Alert>
        ))}
    </>
  );
}
