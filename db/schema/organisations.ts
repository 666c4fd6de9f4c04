import { boolean, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { newId } from "@/lib/ids";
import { timestamps, tz } from "./columns";

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
    // The portal's front door (Settings → Branding): accent colour (#rrggbb, contrast-checked);
    // the logo lives in organisation_logos, so loading an organisation never reads an image.
    accentColor: text(),
    // R-QUOTA-ALERTS: the percentages of a quota period at which the developer is told.
    quotaAlertThresholds: integer().array().notNull().default([80, 100]),
    // R-ORG-CREATE: a suspended organisation's portal, console and gateway decisions stop.
    suspendedAt: tz(),
    ...timestamps,
  },
  (t) => [
    // Portal URL lookup: /<slug>/… resolves the organisation on every portal request.
    uniqueIndex("organisations_slug_uq").on(t.slug),
  ],
);

/** The portal logo (R-PORTAL-HOME), served by /<org>/logo with a validator. */
export const organisationLogos = pgTable("organisation_logos", {
  orgId: text()
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  // image/png, image/jpeg, image/webp (no SVG: it can carry script).
  mimeType: text().notNull(),
  // Base64 of the image, at most 200 KB decoded.
  dataBase64: text().notNull(),
  ...timestamps,
});

export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
