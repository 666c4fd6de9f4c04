"use client";
import Link from "next/link";
import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useConfigForm } from "@/components/forms/use-config-form";
import { ButtonLink } from "@/components/ui/button";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Policy, PolicyApi } from "@/db/schema";
import { RENEWAL_PRESETS } from "@/lib/validation/policies";
import { type AccessState, AccessRights, type ApiOption } from "./access-rights";
import { createPolicyAction, updatePolicyAction } from "./actions";

type PolicyWithAccess = Policy & {
  access: Array<Pick<PolicyApi, "apiId" | "allowedMethods" | "allowedPaths">>;
};

const RENEWAL_OPTIONS = [
  ...RENEWAL_PRESETS.map((p) => ({ value: String(p.seconds), label: p.label })),
  { value: "custom", label: "Custom (seconds)" },
];

function storedRenewal(p?: Policy): string {
  const seconds = p?.quotaRenewalSeconds ?? 86400;
  return RENEWAL_PRESETS.some((r) => r.seconds === seconds) ? String(seconds) : "custom";
}

function QuotaFields({
  policy,
  form,
}: {
  policy?: Policy;
  form: ReturnType<typeof useConfigForm>;
}) {
  const { text, checked, errors } = form;
  const [unlimited, setUnlimited] = useState(
    checked("quotaUnlimited", (policy?.quotaMax ?? 1000) < 0),
  );
  const [renewal, setRenewal] = useState(text("quotaRenewal", storedRenewal(policy)));
  const storedMax = policy && policy.quotaMax >= 0 ? String(policy.quotaMax) : policy ? "" : "1000";
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-slate-900">Quota</legend>
      <CheckboxField
        name="quotaUnlimited"
        label="Unlimited quota"
        defaultChecked={unlimited}
        onChange={(e) => setUnlimited(e.target.checked)}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          name="quotaMax"
          label="Requests per period"
          inputMode="numeric"
          disabled={unlimited}
          hint={unlimited ? "Unlimited: no quota is counted." : undefined}
          defaultValue={text("quotaMax", storedMax)}
          errors={unlimited ? undefined : errors("quotaMax")}
        />
        <SelectField
          name="quotaRenewal"
          label="Renews"
          options={RENEWAL_OPTIONS}
          defaultValue={renewal}
          onChange={(e) => setRenewal(e.target.value)}
          errors={errors("quotaRenewal")}
        />
        {renewal === "custom" && (
          <TextField
            name="quotaRenewalCustom"
            label="Renewal period (seconds)"
            inputMode="numeric"
            defaultValue={text("quotaRenewalCustom", String(policy?.quotaRenewalSeconds ?? ""))}
            errors={errors("quotaRenewalCustom")}
          />
        )}
      </div>
    </fieldset>
  );
}

/** Create or edit a policy: limits, expiry, access rights, status and tags. */
export function PolicyForm({
  policy,
  apis,
  readOnly = false,
}: {
  policy?: PolicyWithAccess;
  apis: ApiOption[];
  readOnly?: boolean;
}) {
  const form = useConfigForm(policy ? updatePolicyAction : createPolicyAction);
  const { errorState, formAction, formRef, version, text, checked, list, errors } = form;
  const accessOf = (apiId: string): AccessState => {
    const stored = policy?.access.find((a) => a.apiId === apiId);
    const base = `access.${apiId}`;
    return {
      granted: checked(`${base}.granted`, Boolean(stored)),
      methods: list(`${base}.methods`, stored?.allowedMethods ?? []),
      paths: text(`${base}.paths`, (stored?.allowedPaths ?? []).join("\n")),
    };
  };
  const expiryDays = policy?.keyExpiresInSeconds
    ? String(Math.round(policy.keyExpiresInSeconds / 86400))
    : "";
  return (
    <form ref={formRef} action={formAction} className="space-y-6" noValidate>
      <FormMessage state={errorState} />
      {policy && <input type="hidden" name="id" value={policy.id} />}
      <fieldset key={version} disabled={readOnly} className="space-y-8">
        <TextField
          name="name"
          label="Name"
          required
          maxLength={80}
          defaultValue={text("name", policy?.name)}
          errors={errors("name")}
        />
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-slate-900">Rate limit</legend>
          <p className="text-sm text-slate-600">
            Per key and API: at most this many requests in this many seconds.
          </p>
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField
              name="rate"
              label="Requests"
              inputMode="numeric"
              required
              defaultValue={text("rate", String(policy?.rate ?? 100))}
              errors={errors("rate")}
            />
            <TextField
              name="per"
              label="Per (seconds)"
              inputMode="numeric"
              required
              defaultValue={text("per", String(policy?.per ?? 60))}
              errors={errors("per")}
            />
          </div>
        </fieldset>
        <QuotaFields policy={policy} form={form} />
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-slate-900">Key expiry</legend>
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField
              name="keyExpiryDays"
              label="Keys expire after (days)"
              inputMode="numeric"
              hint="Leave empty: keys never expire."
              defaultValue={text("keyExpiryDays", expiryDays)}
              errors={errors("keyExpiryDays")}
            />
          </div>
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-slate-900">Access rights</legend>
          <p className="text-sm text-slate-600">
            The APIs keys with this policy may call, optionally only some methods and paths.
          </p>
          {apis.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-600">
              No APIs yet.{" "}
              <Link href="/admin/apis/new" className="text-brand-700 underline">
                Create an API
              </Link>{" "}
              first, then grant it here.
            </p>
          ) : (
            <AccessRights apis={apis} initial={accessOf} errors={errors} />
          )}
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-slate-900">Status and tags</legend>
          <CheckboxField
            name="isInactive"
            label="Inactive: keys carrying this policy get nothing from it"
            defaultChecked={checked("isInactive", policy?.isInactive ?? false)}
          />
          <CheckboxField
            name="allowOauth"
            label="Developers may register OAuth clients under this policy"
            defaultChecked={checked("allowOauth", policy?.allowOauth ?? false)}
          />
          <TextField
            name="tags"
            label="Tags (optional)"
            hint="Separated by commas, e.g. free, web."
            defaultValue={text("tags", (policy?.tags ?? []).join(", "))}
            errors={errors("tags")}
          />
        </fieldset>
      </fieldset>
      {!readOnly && (
        <div className="flex flex-wrap gap-2">
          <SubmitButton pendingText="Saving…">
            {policy ? "Save policy" : "Create policy"}
          </SubmitButton>
          <ButtonLink href="/admin/policies" variant="secondary">
            Cancel
          </ButtonLink>
        </div>
      )}
    </form>
  );
}
