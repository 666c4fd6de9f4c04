"use client";
import { useState } from "react";
import { FieldDefinitionsEditor } from "@/components/forms/field-definitions-editor";
import { FormMessage } from "@/components/forms/form-message";
import { useConfigForm } from "@/components/forms/use-config-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { PortalSettings } from "@/db/queries/settings";
import { KEY_REQUEST_MODE_LABELS, KEY_REQUEST_MODES } from "@/lib/validation/catalog";
import { PASSWORD_FLOOR } from "@/lib/validation/common";
import { SIGNUP_PREFIX } from "@/lib/validation/settings";
import { savePortalSettingsAction } from "./actions";

const MODE_OPTIONS = KEY_REQUEST_MODES.map((m) => ({
  value: m,
  label: KEY_REQUEST_MODE_LABELS[m],
}));
const MODE_HINTS: Record<string, string> = {
  auto: "Developers get their key at once.",
  admin: "Requests wait in Key requests until an admin approves or declines them.",
  webhook: "A third party is notified and decides through the management API.",
  redirect: "Developers are sent to your page instead of requesting here.",
};

function KeyRequestFields({
  settings,
  form,
  readOnly,
}: {
  settings: PortalSettings;
  form: ReturnType<typeof useConfigForm>;
  readOnly: boolean;
}) {
  const { text, checked, errors } = form;
  const [mode, setMode] = useState(text("keyRequestMode", settings.keyRequestMode));
  return (
    <div className="space-y-4">
      <SelectField
        name="keyRequestMode"
        label="Key approval"
        options={MODE_OPTIONS}
        hint={MODE_HINTS[mode]}
        defaultValue={mode}
        onChange={(e) => setMode(e.target.value)}
        errors={errors("keyRequestMode")}
      />
      <TextField
        name="keyRequestRedirectUrl"
        label={mode === "redirect" ? "Redirect URL" : "Redirect URL (used by Redirect)"}
        type="url"
        required={mode === "redirect"}
        hint="Where developers go to request a key, e.g. https://example.com/apply."
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={text("keyRequestRedirectUrl", settings.keyRequestRedirectUrl)}
        errors={errors("keyRequestRedirectUrl")}
      />
      <div className="space-y-1">
        <CheckboxField
          name="secureKeyApproval"
          label="Secure key approval"
          disabled={readOnly || mode !== "admin"}
          defaultChecked={checked("secureKeyApproval", settings.secureKeyApproval)}
          aria-describedby="secureKeyApproval-hint"
        />
        <p id="secureKeyApproval-hint" className="pl-6 text-xs text-slate-600">
          {mode === "admin"
            ? "The approval email holds a “Generate key” link instead of the key; the key is shown once, to the logged-in developer."
            : "Available when an admin approves requests."}
        </p>
      </div>
    </div>
  );
}

export function SettingsForm({
  settings,
  installSender,
  readOnly,
}: {
  settings: PortalSettings;
  installSender: string;
  readOnly: boolean;
}) {
  const form = useConfigForm(savePortalSettingsAction);
  const { errorState, formAction, formRef, version, text, checked, errors, typedValues } = form;
  return (
    <form ref={formRef} action={formAction} className="space-y-6" noValidate>
      <FormMessage state={errorState} />
      <fieldset key={version} disabled={readOnly} className="space-y-6">
        <Card>
          <CardHeader
            title="Signup"
            description="What a developer fills in to create an account in your portal."
          />
          <CardBody className="space-y-6">
            <FieldDefinitionsEditor
              prefix={SIGNUP_PREFIX}
              legend="Signup fields"
              description="Asked in addition to name, email and password."
              stored={settings.signupFields}
              typed={typedValues}
              errors={errors}
              disabled={readOnly}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField
                name="minLength"
                label="Minimum password length"
                inputMode="numeric"
                hint={`At least ${PASSWORD_FLOOR}.`}
                defaultValue={text("minLength", String(settings.minPasswordLength))}
                errors={errors("minLength")}
              />
            </div>
            <CheckboxField
              name="requireEmailVerification"
              label="Developers verify their email before their first key request"
              defaultChecked={checked(
                "requireEmailVerification",
                settings.requireEmailVerification,
              )}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Key requests"
            description="The default for every catalog entry; an entry may override it."
          />
          <CardBody>
            <KeyRequestFields settings={settings} form={form} readOnly={readOnly} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Email" />
          <CardBody>
            <TextField
              name="emailFrom"
              label="Sender"
              hint={`“Name <email>” or an address. Empty: ${installSender}.`}
              autoCapitalize="none"
              spellCheck={false}
              defaultValue={text("emailFrom", settings.emailFrom)}
              errors={errors("emailFrom")}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Quota alerts"
            description="Developers get one email per threshold per quota period, and a quota.threshold webhook event fires."
          />
          <CardBody>
            <TextField
              name="quotaAlertThresholds"
              label="Alert at (% of the quota)"
              hint="Comma-separated percentages, e.g. 80, 100. Empty: no quota alerts."
              inputMode="numeric"
              defaultValue={text("quotaAlertThresholds", settings.quotaAlertThresholds.join(", "))}
              errors={errors("quotaAlertThresholds")}
            />
          </CardBody>
        </Card>
      </fieldset>
      {!readOnly && <SubmitButton pendingText="Saving…">Save settings</SubmitButton>}
    </form>
  );
}
