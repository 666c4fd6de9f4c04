import { z } from "zod";
import { countryCode } from "./countries";
import type { FieldDefinition } from "@/db/schema";
import { emailField } from "./common";
import { passwordField } from "./password";
import { fieldAnswersSchema } from "./fields";
import { idField } from "./ids";
import { nameText } from "./text";

const optionalText = (max: number, label: string) =>
  nameText()
    .trim()
    .max(max, `${label}: at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : null));

export const telephoneField = z
  .string()
  .trim()
  .max(40, "At most 40 characters.")
  .regex(/^[+0-9 ()./-]*$/, "Digits, spaces and + ( ) - . / only.")
  .optional()
  .transform((v) => (v ? v : null));

/** A country picked by name (or typed as its ISO code), stored as the ISO 3166-1 alpha-2 code. */
export const countryField = z
  .string()
  .max(100, "Choose a country from the list.")
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return null;
    const code = countryCode(v);
    if (!code) {
      ctx.addIssue({ code: "custom", message: "Choose a country from the list." });
      return z.NEVER;
    }
    return code;
  });

/** Custom fields, posted as cf_<key>; unknown keys are ignored, required ones enforced. */
function customFieldsSchema(fields: FieldDefinition[]) {
  return fieldAnswersSchema(fields, "cf_").transform(({ answers }) => ({ customFields: answers }));
}

const personNameField = nameText()
  .trim()
  .min(1, "Enter a name.")
  .max(100, "At most 100 characters.");

const profileShape = {
  email: emailField,
  name: personNameField,
  telephone: telephoneField,
  country: countryField,
};

/** Admin "Add developer" (R-DEV-ADD): set a password or send an invitation. */
export function addDeveloperSchema(minPasswordLength: number, fields: FieldDefinition[]) {
  return z
    .object({
      ...profileShape,
      access: z.enum(["invite", "password"], "Choose how the developer gets access."),
      password: z.string().optional(),
    })
    .and(customFieldsSchema(fields))
    .superRefine((v, ctx) => {
      if (v.access !== "password") return;
      const p = passwordField(minPasswordLength).safeParse(v.password ?? "");
      if (!p.success)
        ctx.addIssue({
          code: "custom",
          path: ["password"],
          message: p.error.issues[0]?.message ?? "Invalid password.",
        });
    })
    .transform((v) => ({
      email: v.email,
      name: v.name,
      telephone: v.telephone,
      country: v.country,
      access: v.access,
      password: v.access === "password" ? (v.password ?? "") : null,
      customFields: v.customFields,
    }));
}

/** Admin edit (R-DEV-EDIT): every profile field, custom ones included. */
export function editDeveloperSchema(fields: FieldDefinition[]) {
  return z
    .object({ ...profileShape, developerId: idField("dev") })
    .and(customFieldsSchema(fields))
    .transform((v) => ({
      developerId: v.developerId,
      email: v.email,
      name: v.name,
      telephone: v.telephone,
      country: v.country,
      customFields: v.customFields,
    }));
}

export const keyPoliciesSchema = z.object({
  policyIds: z
    .union([z.string(), z.array(z.string())], "Choose at least one policy.")
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(idField("pol", "Unknown policy.")).min(1, "Choose at least one policy.")),
});

export const optionalAlias = optionalText(60, "Alias");

/**
 * A developer's own profile (R-PROFILE-EDIT): the account page's form — name, contact details and
 * the organisation's signup fields (company, use case…), which developers keep up to date themselves.
 */
export function ownProfileSchema(fields: FieldDefinition[]) {
  return z
    .object({
      org: z.string(),
      name: nameText().trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
      telephone: telephoneField,
      country: countryField,
    })
    .and(customFieldsSchema(fields))
    .transform((v) => ({
      name: v.name,
      telephone: v.telephone,
      country: v.country,
      customFields: v.customFields,
    }));
}
