import { TextField } from "@/components/ui/field";
import { COUNTRY_OPTIONS, countryName } from "@/lib/validation/countries";
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
      <CountryField {...field("country")} own={own} />
    </div>
  );
}

/**
 * A searchable country picker: type a few letters and choose from the ISO 3166 names (a native
 * datalist: keyboard and screen-reader friendly, no script needed). Shows the stored code's name;
 * the server stores the code (lib/validation/countries.ts).
 */
function CountryField({
  name,
  defaultValue,
  errors,
  own,
}: ReturnType<BindField> & { own: boolean }) {
  // A stored value is a code ("GB"); what was typed before a refused submit is shown as typed.
  const shown =
    defaultValue && /^[A-Z]{2}$/.test(defaultValue) ? countryName(defaultValue) : defaultValue;
  return (
    <>
      <TextField
        name={name}
        label="Country (optional)"
        hint="Start typing, then choose from the list."
        list="country-options"
        autoComplete={own ? "country-name" : "off"}
        maxLength={100}
        defaultValue={shown}
        errors={errors}
      />
      <datalist id="country-options">
        {COUNTRY_OPTIONS.map((c) => (
          <option key={c.code} value={c.name} />
        ))}
      </datalist>
    </>
  );
}
