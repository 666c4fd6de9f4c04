import { TextField } from "@/components/ui/field";
import type { BindField } from "./use-action-form";

/**
 * Telephone and country code, side by side: a developer's optional contact details. `own`: the
 * person typing is the developer (the browser may fill in their own telephone); an admin
 * entering someone else's details gets no autofill.
 */
export function ContactFields({ field, own }: { field: BindField; own: boolean }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        {...field("telephone")}
        label="Telephone (optional)"
        type="tel"
        autoComplete={own ? "tel" : "off"}
      />
      <TextField
        {...field("country")}
        label="Country code (optional)"
        hint="Two letters, e.g. GB"
        maxLength={2}
      />
    </div>
  );
}
