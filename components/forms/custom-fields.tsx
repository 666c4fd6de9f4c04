import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { FieldDefinition } from "@/db/schema";

/** Stored custom fields as the form's inputs hold them: a ticked checkbox is "on". */
export function customFieldValues(
  values: Record<string, string | boolean>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(values)) {
    if (v === true) out[`cf_${name}`] = "on";
    else if (typeof v === "string") out[`cf_${name}`] = v;
  }
  return out;
}

/** Inputs for configured fields (signup fields, reason fields), posted as `${prefix}${key}`. */
export function CustomFieldInputs({
  fields,
  prefix = "cf_",
  value,
  errors,
}: {
  fields: FieldDefinition[];
  prefix?: string;
  value: (name: string) => string | undefined;
  errors: (name: string) => string[] | undefined;
}) {
  return fields.map((f) => {
    const name = `${prefix}${f.key}`;
    const label = f.required ? f.label : `${f.label} (optional)`;
    if (f.type === "textarea")
      return (
        <TextAreaField
          key={name}
          name={name}
          label={label}
          required={f.required}
          defaultValue={value(name)}
          errors={errors(name)}
        />
      );
    if (f.type === "select")
      return (
        <SelectField
          key={name}
          name={name}
          label={label}
          required={f.required}
          placeholder="Choose…"
          options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
          defaultValue={value(name)}
          errors={errors(name)}
        />
      );
    if (f.type === "checkbox")
      return (
        <CheckboxField
          key={name}
          name={name}
          label={f.label}
          defaultChecked={value(name) === "on"}
          errors={errors(name)}
        />
      );
    return (
      <TextField
        key={name}
        name={name}
        label={label}
        required={f.required}
        defaultValue={value(name)}
        errors={errors(name)}
      />
    );
  });
}
