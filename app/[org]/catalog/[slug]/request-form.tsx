"use client";
import Link from "next/link";
import { CustomFieldInputs } from "@/components/forms/custom-fields";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { SecretOnce } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FieldDefinition } from "@/db/schema";
import { requestAccessAction } from "../actions";

export function RequestAccessForm({
  org,
  entryId,
  fields,
  instant,
}: {
  org: string;
  entryId: string;
  fields: FieldDefinition[];
  instant: boolean;
}) {
  const { state, formAction, value, errors } = useActionForm(requestAccessAction);
  if (state.ok && state.data?.key)
    return (
      <div className="space-y-3">
        <SecretOnce label="Your API key" value={state.data.key} />
        <p className="text-sm text-slate-700">
          Send it in the <code className="font-mono">Authorization: Bearer</code> header. Its limits
          are on your{" "}
          <Link className="text-brand-700 underline" href={`/${org}/dashboard`}>
            dashboard
          </Link>
          .
        </p>
      </div>
    );
  if (state.ok)
    return (
      <Alert tone="success" title="Request sent">
        {state.message}
      </Alert>
    );
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="entryId" value={entryId} />
      <CustomFieldInputs fields={fields} prefix="reason_" value={value} errors={errors} />
      <SubmitButton pendingText="Requesting…">
        {instant ? "Request key" : "Request access"}
      </SubmitButton>
    </form>
  );
}
