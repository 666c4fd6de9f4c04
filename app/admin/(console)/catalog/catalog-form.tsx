"use client";
import type { ChangeEvent } from "react";
import Link from "next/link";
import { FieldDefinitionsEditor } from "@/components/forms/field-definitions-editor";
import { FormMessage } from "@/components/forms/form-message";
import { useConfigForm } from "@/components/forms/use-config-form";
import { ButtonLink } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { CatalogEntry } from "@/db/schema";
import { slugify } from "@/lib/validation/apis";
import {
  KEY_REQUEST_MODE_LABELS,
  KEY_REQUEST_MODES,
  type KeyRequestMode,
  REASON_PREFIX,
} from "@/lib/validation/catalog";
import { createCatalogEntryAction, updateCatalogEntryAction } from "./actions";

const VISIBILITY_OPTIONS = [
  { value: "public", label: "Visible in the portal" },
  { value: "hidden", label: "Unlisted (reachable only by its link)" },
];

/** While a new entry's name is typed, the slug follows it until the admin edits the slug. */
function follow(e: ChangeEvent<HTMLInputElement>) {
  const slug = e.currentTarget.form?.elements.namedItem("slug");
  if (slug instanceof HTMLInputElement && !slug.dataset.edited)
    slug.value = slugify(e.currentTarget.value);
}
const markEdited = (e: ChangeEvent<HTMLInputElement>) => {
  e.currentTarget.dataset.edited = "1";
};

/** Create or edit a catalog entry: what developers see, and what they answer when requesting a key. */
export function CatalogForm({
  entry,
  policies,
  orgMode,
  readOnly = false,
}: {
  entry?: CatalogEntry;
  policies: Array<{ id: string; name: string; isInactive: boolean }>;
  orgMode: KeyRequestMode;
  readOnly?: boolean;
}) {
  const { errorState, formAction, formRef, version, text, errors, typedValues } = useConfigForm(
    entry ? updateCatalogEntryAction : createCatalogEntryAction,
  );
  const approvalOptions = [
    {
      value: "",
      label: `Organisation default (${KEY_REQUEST_MODE_LABELS[orgMode].toLowerCase()})`,
    },
    ...KEY_REQUEST_MODES.map((m) => ({ value: m, label: KEY_REQUEST_MODE_LABELS[m] })),
  ];
  const policyOptions = policies.map((p) => ({
    value: p.id,
    label: p.isInactive ? `${p.name} (inactive)` : p.name,
  }));
  return (
    <form ref={formRef} action={formAction} className="space-y-6" noValidate>
      <FormMessage state={errorState} />
      {entry && <input type="hidden" name="id" value={entry.id} />}
      <fieldset key={version} disabled={readOnly} className="space-y-8">
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            name="policyId"
            label="Policy"
            placeholder="Choose a policy…"
            options={policyOptions}
            hint={policies.length ? "Keys requested from this entry carry this policy." : undefined}
            defaultValue={text("policyId", entry?.policyId)}
            errors={errors("policyId")}
          />
          <TextField
            name="name"
            label="Name"
            required
            maxLength={80}
            onChange={entry || version > 0 ? undefined : follow}
            defaultValue={text("name", entry?.name)}
            errors={errors("name")}
          />
          <TextField
            name="slug"
            label="Slug"
            required
            onChange={markEdited}
            hint="Part of the portal URL, e.g. weather-free."
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={text("slug", entry?.slug)}
            errors={errors("slug")}
          />
          <SelectField
            name="visibility"
            label="Visibility"
            options={VISIBILITY_OPTIONS}
            defaultValue={text("visibility", entry?.visibility ?? "public")}
            errors={errors("visibility")}
          />
        </div>
        {policies.length === 0 && (
          <p className="text-sm text-slate-600">
            No policies yet.{" "}
            <Link href="/admin/policies/new" className="text-brand-700 underline">
              Create a policy
            </Link>{" "}
            first.
          </p>
        )}
        <TextField
          name="shortDescription"
          label="Short description (optional)"
          maxLength={280}
          hint="One line on the catalog card."
          defaultValue={text("shortDescription", entry?.shortDescription)}
          errors={errors("shortDescription")}
        />
        <TextAreaField
          name="longDescription"
          label="Long description (optional)"
          rows={4}
          defaultValue={text("longDescription", entry?.longDescription)}
          errors={errors("longDescription")}
        />
        <fieldset className="space-y-4">
          <legend className="text-sm font-semibold text-slate-900">Documentation</legend>
          <TextAreaField
            name="docsMarkdown"
            label="Markdown (optional)"
            rows={6}
            defaultValue={text("docsMarkdown", entry?.docsMarkdown)}
            errors={errors("docsMarkdown")}
          />
          <TextField
            name="openapiUrl"
            label="OpenAPI URL (optional)"
            type="url"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={text("openapiUrl", entry?.openapiUrl)}
            errors={errors("openapiUrl")}
          />
        </fieldset>
        <SelectField
          name="approvalMode"
          label="Key requests"
          options={approvalOptions}
          hint="How a request from this entry is approved. Change the default in Settings."
          defaultValue={text("approvalMode", entry?.approvalMode ?? "")}
          errors={errors("approvalMode")}
        />
        <FieldDefinitionsEditor
          prefix={REASON_PREFIX}
          legend="Reason fields"
          description="What a developer fills in when requesting a key from this entry."
          stored={entry?.reasonFields ?? []}
          typed={typedValues}
          errors={errors}
          disabled={readOnly}
        />
      </fieldset>
      {!readOnly && (
        <div className="flex flex-wrap gap-2">
          <SubmitButton pendingText="Saving…">{entry ? "Save entry" : "Create entry"}</SubmitButton>
          <ButtonLink href="/admin/catalog" variant="secondary">
            Cancel
          </ButtonLink>
        </div>
      )}
    </form>
  );
}
