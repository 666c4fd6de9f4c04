"use client";
import type { ChangeEvent } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useConfigForm } from "@/components/forms/use-config-form";
import { ButtonLink } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Api } from "@/db/schema";
import { slugify } from "@/lib/validation/apis";
import { createApiAction, updateApiAction } from "./actions";

const AUTH_OPTIONS = [
  { value: "key", label: "API key" },
  { value: "oauth", label: "OAuth (client credentials)" },
];

/**
 * While the admin types a new API's name, the slug and listen path follow it, until they edit
 * one of those themselves (marked on the input), so naming an API usually takes one field.
 */
function follow(e: ChangeEvent<HTMLInputElement>) {
  const fields = e.currentTarget.form?.elements;
  const slug = fields?.namedItem("slug");
  const path = fields?.namedItem("listenPath");
  const suggested = slugify(e.currentTarget.value);
  if (slug instanceof HTMLInputElement && !slug.dataset.edited) slug.value = suggested;
  if (path instanceof HTMLInputElement && !path.dataset.edited)
    path.value = suggested ? `/${suggested}/` : "";
}
const markEdited = (e: ChangeEvent<HTMLInputElement>) => {
  e.currentTarget.dataset.edited = "1";
};

/** Create or edit an API; read-only (disabled) for viewers. */
export function ApiForm({ api, readOnly = false }: { api?: Api; readOnly?: boolean }) {
  const { errorState, formAction, formRef, version, text, errors } = useConfigForm(
    api ? updateApiAction : createApiAction,
  );
  return (
    <form ref={formRef} action={formAction} className="space-y-6" noValidate>
      <FormMessage state={errorState} />
      {api && <input type="hidden" name="id" value={api.id} />}
      <fieldset key={version} disabled={readOnly} className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            name="name"
            label="Name"
            required
            maxLength={80}
            onChange={api || version > 0 ? undefined : follow}
            defaultValue={text("name", api?.name)}
            errors={errors("name")}
          />
          <TextField
            name="slug"
            label="Slug"
            required
            onChange={markEdited}
            hint="Lower-case letters, digits and dashes, e.g. weather."
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={text("slug", api?.slug)}
            errors={errors("slug")}
          />
          <TextField
            name="listenPath"
            label="Listen path"
            required
            onChange={markEdited}
            hint="The path prefix the gateway matches, e.g. /weather/. Ends with “/”."
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={text("listenPath", api?.listenPath)}
            errors={errors("listenPath")}
          />
          <SelectField
            name="authType"
            label="Authentication"
            options={AUTH_OPTIONS}
            defaultValue={text("authType", api?.authType ?? "key")}
            errors={errors("authType")}
          />
          <TextField
            name="upstreamUrl"
            label="Upstream URL (optional)"
            type="url"
            hint="Where the gateway forwards calls, e.g. http://weather.internal."
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={text("upstreamUrl", api?.upstreamUrl)}
            errors={errors("upstreamUrl")}
            className="sm:col-span-2"
          />
        </div>
        <TextAreaField
          name="description"
          label="Description (optional)"
          rows={3}
          maxLength={2000}
          defaultValue={text("description", api?.description)}
          errors={errors("description")}
        />
        <fieldset className="space-y-4">
          <legend className="text-sm font-semibold text-slate-900">Documentation</legend>
          <p className="text-sm text-slate-600">
            Write it in Markdown, link an OpenAPI document, or both.
          </p>
          <TextAreaField
            name="docsMarkdown"
            label="Markdown (optional)"
            rows={8}
            defaultValue={text("docsMarkdown", api?.docsMarkdown)}
            errors={errors("docsMarkdown")}
          />
          <TextField
            name="openapiUrl"
            label="OpenAPI URL (optional)"
            type="url"
            hint="e.g. https://api.example.com/openapi.json"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={text("openapiUrl", api?.openapiUrl)}
            errors={errors("openapiUrl")}
          />
        </fieldset>
      </fieldset>
      {!readOnly && (
        <div className="flex flex-wrap gap-2">
          <SubmitButton pendingText="Saving…">{api ? "Save API" : "Create API"}</SubmitButton>
          <ButtonLink href="/admin/apis" variant="secondary">
            Cancel
          </ButtonLink>
        </div>
      )}
    </form>
  );
}
