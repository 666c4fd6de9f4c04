"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { SecretOnce } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { createTokenAction } from "./actions";

const KINDS = [
  { value: "gateway", label: "Gateway" },
  { value: "management", label: "Management API" },
];

/** Name + kind → the token, shown once with a copy button. */
export function CreateTokenForm() {
  const { state, formAction, value, errors } = useActionForm(createTokenAction, {
    toastSuccess: false,
  });
  const token = state.ok ? state.data?.token : undefined;
  return (
    <div className="space-y-4">
      {token ? (
        <SecretOnce
          label={`${state.data?.kind === "management" ? "Management" : "Gateway"} token “${state.data?.name ?? ""}”`}
          value={token}
        />
      ) : (
        <FormMessage state={state} />
      )}
      {/* Keyed by the last answer: React resets a form after its action, and a remount applies the echoed values. */}
      <form
        key={JSON.stringify([state.ok, state.values, state.fieldErrors])}
        action={formAction}
        className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
        noValidate
      >
        <TextField
          name="name"
          label="Name"
          placeholder="NGINX eu-west"
          required
          maxLength={80}
          defaultValue={state.ok ? "" : value("name")}
          errors={errors("name")}
        />
        <SelectField
          name="kind"
          label="Used by"
          options={KINDS}
          defaultValue={(state.ok ? undefined : value("kind")) ?? "gateway"}
          errors={errors("kind")}
          hint="Gateways verify developers' keys; management tokens call the management API."
        />
        <SubmitButton pendingText="Creating…" className="sm:mt-6">
          Create token
        </SubmitButton>
      </form>
    </div>
  );
}
