import { boolean, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/lib/ids";
import { timestamps } from "./columns";

export const keyRequestModeEnum = pgEnum("key_request_mode", [
  "auto",
  "admin",
  "webhook",
  "redirect",
]);

/** A field a developer fills in at signup, or a reason field of a catalog entry. */
export type FieldDefinition = {
  key: string;
  label: string;
  type: "text" | "textarea" | "select" | "checkbox";
  required: boolean;
  options?: string[];
};

export const organisations = pgTable(
  "organisations",
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => newId("org")),
    name: text().notNull(),
    slug: text().notNull(),
    // Portal settings
    signupFields: jsonb().$type<FieldDefinition[]>().notNull().default([]),
    minPasswordLength: integer().notNull().default(8),
    requireEmailVerification: boolean().notNull().default(false),
    keyRequestMode: keyRequestModeEnum().notNull().default("auto"),
    keyRequestRedirectUrl: text(),
    secureKeyApproval: boolean().notNull().default(false),
    emailFrom: text(),
    // Owners may require TOTP two-factor of every admin of the organisation (R-SEC-ADMINS).
    requireAdminTwoFactor: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    // Portal URL lookup: /<slug>/… resolves the organisation on every portal request.
    uniqueIndex("organisations_slug_uq").on(t.slug),
  ],
);

export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
