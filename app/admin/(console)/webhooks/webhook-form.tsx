"use client";
import { useEffect, useRef } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { useConfigForm } from "@/components/forms/use-config-form";
import { ButtonLink } from "@/components/ui/button";
import { SecretOnce } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { createWebhookAction, updateWebhookAction } from "./actions";

function EventCheckboxes({ selected, errors }: { selected: string[]; errors?: string[] }) {
  const invalid = Boolean(errors?.length);
  return (
    <fieldset className="space-y-2" aria-describedby={invalid ? "events-error" : "events-hint"}>
      <legend className="text-sm font-medium text-slate-800">Events</legend>
      <p id="events-hint" className="text-xs text-slate-600">
        The endpoint receives only the events ticked here.
      </p>
      <ul className="grid gap-2 sm:grid-cols-2">
        {WEBHOOK_EVENTS.map((event) => (
          <li key={event}>
            <label
              htmlFor={`event-${event}`}
              className="flex items-start gap-2 rounded-md border border-slate-200 p-2 text-sm hover:bg-slate-50"
            >
              <input
                id={`event-${event}`}
                type="checkbox"
                name="events"
                value={event}
                defaultChecked={selected.includes(event)}
                aria-invalid={invalid || undefined}
                className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-brand-600"
              />
              <span>
                <code className="font-mono text-slate-900">{event}</code>
                <span className="block text-xs text-slate-600">{WEBHOOK_EVENT_LABELS[event]}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {invalid && (
        <p id="events-error" role="alert" className="text-sm text-red-700">
          {errors?.join(" ")}
        </p>
      )}
    </fieldset>
  );
}

function UrlField({ value, errors }: { value: string; errors?: string[] }) {
  return (
    <TextField
      name="url"
      label="Endpoint URL"
      type="url"
      inputMode="url"
      required
      placeholder="https://example.com/webhooks/gatehouse"
      hint="Gatehouse POSTs JSON here. Use https:// in production."
      autoCapitalize="none"
      spellCheck={false}
      defaultValue={value}
      errors={errors}
    />
  );
}

function typedList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * Add an endpoint, then show its secret once. No toast here: the secret panel is the feedback,
 * and it must hold the reader's attention.
 */
export function CreateWebhookForm() {
  const { state, formAction, value, errors } = useActionForm(createWebhookAction, {
    toastSuccess: false,
  });
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!state.ok && state.fieldErrors)
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);
  const created = state.ok ? state.data : undefined;
  if (created?.secret && created.id) {
    return (
      <div className="space-y-4">
        <SecretOnce label="Signing secret" value={created.secret} />
        <p className="text-sm text-slate-700">
          Use it to verify the <code className="font-mono">Gatehouse-Signature</code> header of
          every delivery (see docs/WEBHOOKS.md).
        </p>
        <div className="flex flex-wrap gap-2">
          <ButtonLink href={`/admin/webhooks/${created.id}`}>Open endpoint</ButtonLink>
          <ButtonLink href="/admin/webhooks" variant="secondary">
            Back to webhooks
          </ButtonLink>
        </div>
      </div>
    );
  }
  return (
    <form ref={formRef} action={formAction} className="space-y-6" noValidate>
      <FormMessage state={state} />
      {/* Remounted per answer so the boxes show what was ticked (defaults are read on mount). */}
      <div key={state.values ? JSON.stringify(state.values) : "empty"} className="space-y-6">
        <UrlField value={value("url") ?? ""} errors={errors("url")} />
        <EventCheckboxes selected={typedList(state.values?.events)} errors={errors("events")} />
      </div>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Adding…">Add endpoint</SubmitButton>
        <ButtonLink href="/admin/webhooks" variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}

/** Edit an endpoint's URL and events; read-only (disabled) for viewers. */
export function EditWebhookForm({
  endpoint,
  readOnly = false,
}: {
  endpoint: { id: string; url: string; events: string[] };
  readOnly?: boolean;
}) {
  const { state, formAction, formRef, version, text, list, errors } =
    useConfigForm(updateWebhookAction);
  return (
    <form ref={formRef} action={formAction} className="space-y-6" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="id" value={endpoint.id} />
      <fieldset key={version} disabled={readOnly} className="space-y-6">
        <UrlField value={text("url", endpoint.url)} errors={errors("url")} />
        <EventCheckboxes selected={list("events", endpoint.events)} errors={errors("events")} />
      </fieldset>
      {!readOnly && <SubmitButton pendingText="Saving…">Save endpoint</SubmitButton>}
    </form>
  );
}
