"use client";

import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { type Hidden, HiddenFields } from "@/components/forms/hidden-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SecretOnce } from "@/components/ui/copy-button";
import { SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions/state";
import { DEFAULT_GRACE, GRACE_CHOICES } from "@/lib/keys/grace";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The body of the "Roll key" dialog (R-KEY-ROTATE), for the admin's keys panel and the developer's
 * My keys: what a roll keeps, the grace picker, then the new key shown once. `previous` is the
 * old value of an earlier roll still in its grace period: rolling again ends it at once.
 */
export function RollKeyForm({
  action,
  keyId,
  start,
  previous,
  hidden = {},
  onDone,
}: {
  action: Action;
  keyId: string;
  start: string;
  previous?: { start: string; until: string } | null;
  hidden?: Hidden;
  onDone: () => void;
}) {
  const { state, formAction, value, errors } = useActionForm(action);
  // The page re-renders with the new value once the roll commits: name the old one as it was.
  const [oldStart] = useState(start);
  if (state.ok && state.data?.key)
    return (
      <div className="space-y-4">
        <SecretOnce label="The new key" value={state.data.key} />
        <p className="text-sm text-slate-700" data-testid="roll-result">
          {state.data.previousUntil
            ? `The old key ${oldStart}… keeps working until ${state.data.previousUntil}; then only the new key does.`
            : `The old key ${oldStart}… no longer works.`}
        </p>
        <Button onClick={onDone}>Done</Button>
      </div>
    );
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <HiddenFields hidden={hidden} />
      <input type="hidden" name="keyId" value={keyId} />
      <p className="text-sm text-slate-700">
        {start}… gets a new value. The key keeps its policies, expiry, quota and usage. During the
        grace period the old and the new value both work; after it, only the new one.
      </p>
      {previous && (
        <Alert tone="info" title="Only one old key is valid at a time">
          The previous key {previous.start}… (valid until {previous.until}) stops working at once
          when you roll again.
        </Alert>
      )}
      <SelectField
        name="graceSeconds"
        label="Keep the old key working for"
        options={[...GRACE_CHOICES]}
        defaultValue={value("graceSeconds") ?? DEFAULT_GRACE}
        errors={errors("graceSeconds")}
      />
      <SubmitButton pendingText="Rolling…">Roll key</SubmitButton>
    </form>
  );
}
