import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { FieldDefinition } from "@/db/schema";

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
