import { z } from "zod";
import { emailField, slugField } from "@/lib/validation/common";
import { idField } from "@/lib/validation/ids";
import { nameText, singleLineText } from "@/lib/validation/text";

/** Console → Organisations → New organisation (R-ORG-CREATE); the slug is checked like setup's. */
export const createOrganisationSchema = z.object({
  name: nameText().trim().min(2, "At least 2 characters.").max(80, "At most 80 characters."),
  slug: slugField,
  ownerEmail: emailField,
});
export type CreateOrganisationInput = z.output<typeof createOrganisationSchema>;

const orgIdField = idField("org", "This organisation does not exist.");

/** Suspend: the organisation and an optional reason (kept in both audit logs). */
export const suspendOrganisationSchema = z.object({
  orgId: orgIdField,
  reason: singleLineText().trim().max(500, "At most 500 characters.").optional().default(""),
});

export const reactivateOrganisationSchema = z.object({ orgId: orgIdField });
