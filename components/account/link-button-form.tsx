"use client";
import Link from "next/link";
import { FormMessage } from "@/components/forms/form-message";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import type { ButtonStyle } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The button behind an emailed link (confirm a new email, "This wasn't me"): the link's GET only
 * shows the page, the press does the change (mail scanners open links). The answer replaces the
 * form, with where to go next.
 */
export function LinkButtonForm({
  action,
  token,
  hidden = {},
  label,
  pendingText,
  variant,
  doneTitle,
  next,
}: {
  action: Action;
  token: string;
  hidden?: Hidden;
  label: string;
  pendingText: string;
  variant?: ButtonStyle["variant"];
  doneTitle: string;
  next?: { href: string; label: string };
}) {
  const { state, formAction } = useActionForm(action, { toastSuccess: false });
  if (state.ok)
    return (
      <Alert tone="success" title={doneTitle}>
        <p>{state.message}</p>
        {next && (
          <p className="mt-2">
            <Link className="font-medium underline" href={next.href}>
              {next.label}
            </Link>
          </p>
        )}
      </Alert>
    );
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <HiddenFields hidden={hidden} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton variant={variant} pendingText={pendingText}>
        {label}
      </SubmitButton>
    </form>
  );
}
