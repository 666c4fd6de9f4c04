import { z } from "zod";
import type { Api, CatalogEntry, Policy } from "@/db/schema";
import { idField } from "@/lib/validation/ids";
import { singleLineText } from "@/lib/validation/text";
import { pageParams, pageSchema } from "../pagination";
import { isoDate, operation, type SpecModule } from "./common";

/** Policies, APIs and catalog entries: read-only for automation (the console configures them). */

const search = (what: string) =>
  singleLineText()
    .max(200)
    .optional()
    .meta({ description: `Part of the ${what}, case-insensitive.` });

// Policies ---------------------------------------------------------------------------------------

export const policySchema = z
  .object({
    id: z.string().meta({ example: "pol_2Zb8QmR4yT6vXc1NkLpD" }),
    name: z.string(),
    active: z.boolean(),
    rate: z.int().meta({ description: "Requests allowed per `per` seconds, per key and API." }),
    per: z.int(),
    quota_max: z.int().meta({ description: "-1: unlimited." }),
    quota_renewal_seconds: z.int(),
    key_expires_in_seconds: z.int().nullable().meta({ description: "Null: keys never expire." }),
    allow_oauth: z.boolean(),
    tags: z.array(z.string()),
    access: z.array(
      z.object({
        api_id: z.string(),
        allowed_methods: z.array(z.string()).meta({ description: "Empty: every method." }),
        allowed_paths: z.array(z.string()).meta({ description: "Empty: every path." }),
      }),
    ),
    created_at: isoDate,
  })
  .meta({ id: "Policy" });

type AccessRow = { apiId: string; allowedMethods: string[]; allowedPaths: string[] };

export function policyJson(p: Policy & { access: AccessRow[] }): z.infer<typeof policySchema> {
  return {
    id: p.id,
    name: p.name,
    active: !p.isInactive,
    rate: p.rate,
    per: p.per,
    quota_max: p.quotaMax,
    quota_renewal_seconds: p.quotaRenewalSeconds,
    key_expires_in_seconds: p.keyExpiresInSeconds || null,
    allow_oauth: p.allowOauth,
    tags: p.tags,
    access: p.access.map((a) => ({
      api_id: a.apiId,
      allowed_methods: a.allowedMethods,
      allowed_paths: a.allowedPaths,
    })),
    created_at: p.createdAt.toISOString(),
  };
}

export const policyPage = pageSchema(policySchema).meta({ id: "PolicyPage" });
export const policyListQuery = z.strictObject({
  search: search("name"),
  active: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  ...pageParams,
});
export const policyPath = z.object({
  id: idField("pol", "Policy not found.").meta({ description: "Policy id (`pol_…`)." }),
});

// APIs -------------------------------------------------------------------------------------------

export const apiSchema = z
  .object({
    id: z.string().meta({ example: "api_7Hd3LqW9sPz2XcVb1NmK" }),
    name: z.string(),
    slug: z.string(),
    listen_path: z.string().meta({ description: "The path prefix gateways route to this API." }),
    upstream_url: z.string().nullable(),
    description: z.string(),
    openapi_url: z.string().nullable(),
    auth_type: z.enum(["key", "oauth"]),
    created_at: isoDate,
  })
  .meta({ id: "Api" });

export function apiJson(a: Api): z.infer<typeof apiSchema> {
  return {
    id: a.id,
    name: a.name,
    slug: a.slug,
    listen_path: a.listenPath,
    upstream_url: a.upstreamUrl,
    description: a.description,
    openapi_url: a.openapiUrl,
    auth_type: a.authType,
    created_at: a.createdAt.toISOString(),
  };
}

export const apiPage = pageSchema(apiSchema).meta({ id: "ApiPage" });
export const apiListQuery = z.strictObject({
  search: search("name"),
  auth_type: z.enum(["key", "oauth"]).optional(),
  ...pageParams,
});
export const apiPath = z.object({
  id: idField("api", "API not found.").meta({ description: "API id (`api_…`)." }),
});

// Catalog entries --------------------------------------------------------------------------------

export const catalogEntrySchema = z
  .object({
    id: z.string().meta({ example: "cat_5Tn2KpW8xQz4VbRc9LmD" }),
    name: z.string(),
    slug: z.string(),
    short_description: z.string(),
    visibility: z.enum(["public", "hidden"]),
    policy_id: z.string(),
    approval_mode: z
      .enum(["auto", "admin", "webhook", "redirect"])
      .nullable()
      .meta({ description: "Null: the organisation's key request mode." }),
    reason_fields: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        type: z.enum(["text", "textarea", "select", "checkbox"]),
        required: z.boolean(),
        options: z.array(z.string()).optional(),
      }),
    ),
    openapi_url: z.string().nullable(),
    created_at: isoDate,
  })
  .meta({ id: "CatalogEntry" });

export function catalogEntryJson(c: CatalogEntry): z.infer<typeof catalogEntrySchema> {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    short_description: c.shortDescription,
    visibility: c.visibility,
    policy_id: c.policyId,
    approval_mode: c.approvalMode,
    reason_fields: c.reasonFields,
    openapi_url: c.openapiUrl,
    created_at: c.createdAt.toISOString(),
  };
}

export const catalogEntryPage = pageSchema(catalogEntrySchema).meta({ id: "CatalogEntryPage" });
export const catalogEntryListQuery = z.strictObject({
  search: search("name"),
  visibility: z.enum(["public", "hidden"]).optional(),
  policy_id: idField("pol", "Unknown policy.").optional(),
  ...pageParams,
});
export const catalogEntryPath = z.object({
  id: idField("cat", "Catalog entry not found.").meta({
    description: "Catalog entry id (`cat_…`).",
  }),
});

// Document ---------------------------------------------------------------------------------------

function readOnly(o: {
  tag: string;
  base: string;
  one: string;
  many: string;
  id: string;
  query: z.ZodObject;
  path: z.ZodObject;
  page: z.ZodType;
  item: z.ZodType;
}): SpecModule["paths"] {
  return {
    [o.base]: {
      get: operation({
        operationId: `list${o.id}s`,
        summary: `List ${o.many}`,
        description: "Newest first.",
        tag: o.tag,
        method: "get",
        query: o.query,
        ok: { description: `A page of ${o.many}.`, schema: o.page },
      }),
    },
    [`${o.base}/{id}`]: {
      get: operation({
        operationId: `get${o.id}`,
        summary: `Get ${o.one}`,
        tag: o.tag,
        method: "get",
        path: o.path,
        ok: { description: `The ${o.one.replace(/^an? /, "")}.`, schema: o.item },
      }),
    },
  };
}

export const policiesSpec: SpecModule = {
  tag: {
    name: "Policies",
    description: "Access rights, rate limits, quotas and key expiry that keys carry.",
  },
  paths: readOnly({
    tag: "Policies",
    base: "/api/v1/policies",
    one: "a policy",
    many: "policies",
    id: "Policy",
    query: policyListQuery,
    path: policyPath,
    page: policyPage,
    item: policySchema,
  }),
};

export const apisSpec: SpecModule = {
  tag: { name: "APIs", description: "The APIs the gateway protects." },
  paths: readOnly({
    tag: "APIs",
    base: "/api/v1/apis",
    one: "an API",
    many: "APIs",
    id: "Api",
    query: apiListQuery,
    path: apiPath,
    page: apiPage,
    item: apiSchema,
  }),
};

export const catalogSpec: SpecModule = {
  tag: {
    name: "Catalog",
    description: "What developers can request access to in the portal; each entry grants a policy.",
  },
  paths: readOnly({
    tag: "Catalog",
    base: "/api/v1/catalog-entries",
    one: "a catalog entry",
    many: "catalog entries",
    id: "CatalogEntry",
    query: catalogEntryListQuery,
    path: catalogEntryPath,
    page: catalogEntryPage,
    item: catalogEntrySchema,
  }),
};
