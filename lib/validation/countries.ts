import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";

// English names from the maintained ISO 3166 list (i18n-iso-countries); codes are what we store.
countries.registerLocale(en);

export type CountryOption = { code: string; name: string };

/** Every ISO 3166-1 country by its English name, A to Z: the picker's options. */
export const COUNTRY_OPTIONS: CountryOption[] = Object.entries(
  countries.getNames("en", { select: "official" }),
)
  .map(([code, name]) => ({ code, name }))
  .sort((a, b) => a.name.localeCompare(b.name, "en"));

/** The name shown for a stored code ("GB" → "United Kingdom"); an unknown code as it is. */
export function countryName(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  return countries.getName(code, "en", { select: "official" }) ?? code;
}

/**
 * The ISO alpha-2 code of what a person typed or picked: a name from the list (any case, the
 * official or a common alias such as "UK" or "Russia") or a two-letter code. Null when unknown.
 */
export function countryCode(input: string): string | null {
  const value = input.trim();
  if (/^[A-Za-z]{2}$/.test(value) && countries.isValid(value.toUpperCase()))
    return value.toUpperCase();
  const byName = countries.getAlpha2Code(value, "en");
  if (byName) return byName;
  const lower = value.toLowerCase();
  for (const [code, names] of Object.entries(countries.getNames("en", { select: "all" })))
    if (names.some((n) => n.toLowerCase() === lower)) return code;
  return null;
}
