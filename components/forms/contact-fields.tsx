import { TextField } from "@/components/ui/field";

/**
 * Telephone and country code, side by side: a developer's optional contact details. `own`: the
 * person typing is the developer (the browser may fill in their own telephone); an admin
 * entering someone else's details gets no autofill.
 */
export function ContactFields({
  value,
  errors,
  own,
}: {
  value: (name: "telephone" | "country") => string | undefined;
  errors: (name: string) => string[] | undefined;
  own: boolean;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        name="telephone"
        label="Telephone (optional)"
        type="tel"
        autoComplete={own ? "tel" : "off"}
        defaultValue={value("telephone")}
        errors={errors("telephone")}
      />
      <TextField
        name="country"
        label="Country code (optional)"
        hint="Two letters, e.g. GB"
        maxLength={2}
        defaultValue={value("country")}
        errors={errors("country")}
      />
    </div>
  );
}
