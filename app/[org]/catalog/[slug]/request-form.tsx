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
  oauth = false,
}: {
  org: string;
  entryId: string;
  fields: FieldDefinition[];
  instant: boolean;
  /** R-OAUTH-CLIENTS: the entry's API uses OAuth; the request produces a client. */
  oauth?: boolean;
}) {
  const { state, formAction, value, errors } = useActionForm(requestAccessAction);
  if (state.ok && state.data?.clientSecret) return <ClientCreated org={org} data={state.data} />;
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
        {oauth ? "Request OAuth client" : instant ? "Request key" : "Request access"}
      </SubmitButton>
    </form>
  );
}

function ClientCreated({ org, data }: { org: string; data: Record<string, string> }) {
  const text = (k: string) => data[k] ?? "";
  return (
    <div className="space-y-3">
      <div className="space-y-1">
        <p className="text-sm font-medium text-slate-900">Client id</p>
        <code
          data-testid="client-id"
          className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm"
        >
          {text("clientId")}
        </code>
      </div>
      <SecretOnce label="Client secret" value={text("clientSecret")} />
      <p className="text-sm text-slate-700">
        Get access tokens with the client-credentials grant at{" "}
        <code className="break-all font-mono">{text("tokenEndpoint")}</code>, then send them in the{" "}
        <code className="font-mono">Authorization: Bearer</code> header. Manage the client under{" "}
        <Link className="text-brand-700 underline" href={`/${org}/keys`}>
          My keys
        </Link>
        .
      </p>
    </div>
  );
}
