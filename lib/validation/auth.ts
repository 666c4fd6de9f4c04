import { z } from "zod";
import type { FieldDefinition } from "@/db/schema";
import { emailField, slugField } from "./common";
import { passwordField } from "./password";
import { nameText, singleLineText, textField } from "./text";

export const loginSchema = z.object({
  email: singleLineText()
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "Email addresses are at most 254 characters."),
  // Any Unicode: a password is only ever hashed. The cap keeps the hash cheap.
  password: z.string().min(1, "Enter your password.").max(1000, "At most 1000 characters."),
  // Never an error: safeNextPath falls back to the default page.
  next: z.string().optional(),
});

export const setupSchema = z.object({
  orgName: nameText().trim().min(2, "At least 2 characters.").max(80, "At most 80 characters."),
  orgSlug: slugField,
  name: nameText().trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
  email: emailField,
  password: passwordField(8),
});

export type SignupValues = {
  org: string;
  name: string;
  email: string;
  password: string;
  customFields: Record<string, string | boolean>;
};

/** Developer signup: base fields plus the organisation's configured signup fields. */
export function signupSchema(minPasswordLength: number, fields: FieldDefinition[]) {
  const custom = Object.fromEntries(
    fields.map((f) => {
      if (f.type === "checkbox") {
        const box = z
          .enum(["on"])
          .optional()
          .transform((v) => v === "on");
        return [
          `cf_${f.key}`,
          f.required ? box.refine((v) => v, `${f.label} must be ticked.`) : box,
        ];
      }
      const kind = f.type === "textarea" ? "multi" : "single";
      let s = textField(kind).trim().max(2000, "At most 2000 characters.");
      if (f.type === "select" && f.options?.length)
        s = s.refine(
          (v) => v === "" || (f.options ?? []).includes(v),
          "Choose one of the options.",
        ) as unknown as typeof s;
      return [
        `cf_${f.key}`,
        f.required ? s.min(1, `${f.label} is required.`) : s.optional().default(""),
      ];
    }),
  );
  return z
    .object({
      org: z.string(),
      name: nameText().trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
      email: emailField,
      password: passwordField(minPasswordLength),
      ...custom,
    })
    .transform((v): SignupValues => {
      const all = v as Record<string, string | boolean>;
      const customFields: Record<string, string | boolean> = {};
      for (const f of fields) customFields[f.key] = all[`cf_${f.key}`] ?? "";
      return {
        org: String(all.org),
        name: String(all.name),
        email: String(all.email),
        password: String(all.password),
        customFields,
      };
    });
}
