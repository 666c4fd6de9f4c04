import { z } from "zod";
import type { Developer, FieldDefinition } from "@/db/schema";
import { idField } from "@/lib/validation/ids";
import { singleLineText } from "@/lib/validation/text";
import { pageParams, pageSchema } from "../pagination";
import type { FieldError } from "../problem";
import { isoDate, operation, type SpecModule } from "./common";

/**
 * Developers (R-DEV-*) for automation. Bodies are checked here for shape; the rules themselves
 * (email format, password policy, the organisation's custom fields) are the console's schemas
 * (lib/validation/developers.ts), applied to the body by `consoleForm`.
 */
const customFieldsSchema = z
  .record(z.string(), z.union([z.string(), z.boolean()]))
  .meta({ description: "Answers to the organisation's signup fields, by field key." });

export const developerSchema = z
  .object({
    id: z.string().meta({ example: "dev_8sKq2VxW4nT1pLm9aZcB" }),
    email: z.string(),
    name: z.string(),
    telephone: z.string().nullable(),
    country: z.string().nullable().meta({ description: "ISO 3166-1 alpha-2 code." }),
    custom_fields: customFieldsSchema,
    status: z.enum(["active", "inactive"]),
    email_verified: z.boolean(),
    has_password: z
      .boolean()
      .meta({ description: "False while an invited developer has not set a password." }),
    created_at: isoDate,
    last_login_at: isoDate.nullable(),
  })
  .meta({ id: "Developer" });

export function developerJson(d: Developer): z.infer<typeof developerSchema> {
  return {
    id: d.id,
    email: d.email,
    name: d.name,
    telephone: d.telephone,
    country: d.country,
    custom_fields: d.customFields,
    status: d.status,
    email_verified: d.emailVerifiedAt !== null,
    has_password: d.passwordHash !== null,
    created_at: d.createdAt.toISOString(),
    last_login_at: d.lastLoginAt?.toISOString() ?? null,
  };
}

export const developerPage = pageSchema(developerSchema).meta({ id: "DeveloperPage" });

export const developerListQuery = z.strictObject({
  search: singleLineText()
    .max(254)
    .optional()
    .meta({ description: "Part of the email, case-insensitive." }),
  status: z.enum(["active", "inactive"]).optional(),
  ...pageParams,
});

export const developerPath = z.object({
  id: idField("dev", "Developer not found.").meta({ description: "Developer id (`dev_…`)." }),
});

const profileFields = {
  email: z.string().meta({ example: "ada@example.org" }),
  name: z.string().meta({ example: "Ada Lovelace" }),
  telephone: z.string().nullish(),
  country: z.string().nullish().meta({ description: "ISO 3166-1 alpha-2 code, e.g. GB." }),
  custom_fields: customFieldsSchema.optional(),
};

export const developerCreateBody = z
  .strictObject({
    ...profileFields,
    access: z.enum(["invite", "password"]).default("invite").meta({
      description:
        "`invite`: email an invitation link to set a password (72 h). `password`: set `password` now.",
    }),
    password: z.string().optional().meta({ description: "Required with `access: password`." }),
  })
  .meta({ id: "DeveloperCreate" });

export const developerUpdateBody = z
  .strictObject({
    email: profileFields.email.optional(),
    name: profileFields.name.optional(),
    telephone: profileFields.telephone,
    country: profileFields.country,
    custom_fields: customFieldsSchema
      .optional()
      .meta({ description: "Merged into the stored answers." }),
  })
  .meta({ id: "DeveloperUpdate", description: "Only the fields sent change." });

export const developerCreatedSchema = developerSchema
  .extend({ invited: z.boolean() })
  .meta({ id: "DeveloperCreated" });

export const developerDeletedSchema = z
  .object({ id: z.string(), deleted: z.literal(true), revoked_key_ids: z.array(z.string()) })
  .meta({ id: "DeveloperDeleted" });

const CF = "cf_";

/** The API body as the console's form (custom fields as `cf_<key>`), for the console's schema. */
export function consoleForm(
  body: {
    email: string;
    name: string;
    telephone?: string | null;
    country?: string | null;
    custom_fields?: Record<string, string | boolean>;
  },
  fields: FieldDefinition[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const form: Record<string, unknown> = {
    email: body.email,
    name: body.name,
    telephone: body.telephone ?? "",
    country: body.country ?? "",
    ...extra,
  };
  for (const f of fields) {
    const v = body.custom_fields?.[f.key];
    if (v !== undefined) form[`${CF}${f.key}`] = f.type === "checkbox" && v === true ? "on" : v;
  }
  return form;
}

/** The console schema's issues as field errors of the API body (`cf_x` → `#/custom_fields/x`). */
export function consoleErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => {
    const name = String(i.path[0] ?? "");
    const pointer = name.startsWith(CF)
      ? `#/custom_fields/${name.slice(CF.length)}`
      : `#/${name || ""}`;
    return { detail: i.message, pointer };
  });
}

const tag = "Developers";

export const developersSpec: SpecModule = {
  tag: {
    name: tag,
    description:
      "The organisation's developer accounts: the console's Developers page for automation (billing, CRM).",
  },
  paths: {
    "/api/v1/developers": {
      get: operation({
        operationId: "listDevelopers",
        summary: "List developers",
        description: "Newest first; `search` matches part of the email.",
        tag,
        method: "get",
        query: developerListQuery,
        ok: { description: "A page of developers.", schema: developerPage },
      }),
      post: operation({
        operationId: "createDeveloper",
        summary: "Create a developer",
        description:
          "With `access: invite` the developer is emailed an invitation link; with `access: password` the password is set now (the organisation's password rules apply) and the email counts as verified.",
        tag,
        method: "post",
        body: developerCreateBody,
        ok: { status: 201, description: "Created.", schema: developerCreatedSchema },
        errors: ["conflict"],
      }),
    },
    "/api/v1/developers/{id}": {
      get: operation({
        operationId: "getDeveloper",
        summary: "Get a developer",
        tag,
        method: "get",
        path: developerPath,
        ok: { description: "The developer.", schema: developerSchema },
      }),
      patch: operation({
        operationId: "updateDeveloper",
        summary: "Update a developer's profile",
        description:
          "Keys are not touched. An email change is told to the old address; 409 when another developer has the new one.",
        tag,
        method: "patch",
        path: developerPath,
        body: developerUpdateBody,
        ok: { description: "The updated developer.", schema: developerSchema },
        errors: ["conflict"],
      }),
      delete: operation({
        operationId: "deleteDeveloper",
        summary: "Delete a developer",
        description:
          "Revokes every key of the developer (gateways refuse them at once) and deletes the account.",
        tag,
        method: "delete",
        path: developerPath,
        ok: { description: "Deleted.", schema: developerDeletedSchema },
      }),
    },
    "/api/v1/developers/{id}/deactivate": {
      post: operation({
        operationId: "deactivateDeveloper",
        summary: "Deactivate a developer",
        description:
          "Login is refused, sessions end and the developer's keys stop working at once.",
        tag,
        method: "post",
        path: developerPath,
        ok: { description: "The deactivated developer.", schema: developerSchema },
      }),
    },
    "/api/v1/developers/{id}/reactivate": {
      post: operation({
        operationId: "reactivateDeveloper",
        summary: "Reactivate a developer",
        tag,
        method: "post",
        path: developerPath,
        ok: { description: "The reactivated developer.", schema: developerSchema },
      }),
    },
  },
};
