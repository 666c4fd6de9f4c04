import { describe, expect, it } from "vitest";
import { COUNTRY_OPTIONS, countryCode, countryName } from "@/lib/validation/countries";
import { countryField } from "@/lib/validation/developers";

describe("R-PROFILE-EDIT, R-DEV-ADD: the country picker (ISO 3166 names, stored as codes)", () => {
  it("R-PROFILE-EDIT: 'United Kingdom' is stored as GB (not cut to 'UN'), names and codes in any case", () => {
    expect(countryField.parse("United Kingdom")).toBe("GB");
    expect(countryField.parse("united kingdom")).toBe("GB");
    expect(countryField.parse("gb")).toBe("GB");
    expect(countryField.parse(" Germany ")).toBe("DE");
    expect(countryCode("UK")).toBe("GB");
    expect(countryField.parse("")).toBeNull();
    expect(countryField.parse(undefined)).toBeNull();
  });

  it("R-PROFILE-EDIT: an unknown country is refused with a message, never stored as typed", () => {
    for (const bad of ["Narnia", "UN", "XX", "Germany\u0000", "\u202EGB"]) {
      const r = countryField.safeParse(bad);
      expect(r.success, bad).toBe(false);
      if (!r.success) expect(r.error.issues[0]?.message).toBe("Choose a country from the list.");
    }
  });

  it("R-PROFILE-EDIT: the options are every ISO country by name, A to Z, and a stored code shows its name", () => {
    expect(COUNTRY_OPTIONS.length).toBeGreaterThan(240);
    const names = COUNTRY_OPTIONS.map((c) => c.name);
    expect([...names].sort((a, b) => a.localeCompare(b, "en"))).toEqual(names);
    expect(COUNTRY_OPTIONS).toContainEqual({ code: "GB", name: "United Kingdom" });
    expect(countryName("GB")).toBe("United Kingdom");
    expect(countryName(null)).toBeUndefined();
    // Every option round-trips: the name a person picks is stored as its code.
    for (const c of COUNTRY_OPTIONS) expect(countryCode(c.name), c.name).toBe(c.code);
  });
});
