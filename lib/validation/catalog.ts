import { z } from "zod";
import { optionalHttpUrl, optionalMarkdown, recordName, recordSlug } from "./apis";
import { parseFieldRows } from "./field-definitions";
import { idField } from "./ids";
import { multiLineText, singleLineText } from "./text";

export const KEY_REQUEST_MODES = ["auto", "admin", "webhook", "redirect"] as const;
export type KeyRequestMode = (typeof KEY_REQUEST_MODES)[number];
export const KEY_REQUEST_MODE_LABELS: Record<KeyRequestMode, string> = {
  auto: "Approve automatically",
  admin: "An admin approves",
  webhook: "A third party decides (webhook)",
  redirect: "Redirect to an external page",
};
export const VISIBILITIES = ["public", "hidden"] as const;
export const REASON_PREFIX = "reason";

const catalogShape = {
  policyId: idField("pol", "Choose the policy this entry publishes."),
  name: recordName,
  slug: recordSlug,
  shortDescription: singleLineText().trim().max(280, "At most 280 characters.").default(""),
  longDescription: multiLineText().trim().max(10_000, "At most 10,000 characters.").default(""),
  docsMarkdown: optionalMarkdown,
  openapiUrl: optionalHttpUrl,
  visibility: z.enum(VISIBILITIES, "Choose visible or hidden."),
  // "" = follow the organisation's setting.
  approvalMode: z
    .union([z.literal(""), z.enum(KEY_REQUEST_MODES)], "Choose an approval mode.")
    .default("")
    .transform((v) => (v === "" ? null : v)),
};

function checkReasonRows(
  raw: Record<string, unknown>,
  ctx: { addIssue: (i: { code: "custom"; path: string[]; message: string }) => void },
) {
  for (const issue of parseFieldRows(raw, REASON_PREFIX).issues)
    ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
}

function pick(v: z.output<z.ZodObject<typeof catalogShape>> & Record<string, unknown>) {
  return {
    policyId: v.policyId,
    name: v.name,
    slug: v.slug,
    shortDescription: v.shortDescription,
    longDescription: v.longDescription,
    docsMarkdown: v.docsMarkdown,
    openapiUrl: v.openapiUrl,
    visibility: v.visibility,
    approvalMode: v.approvalMode,
    reasonFields: parseFieldRows(v, REASON_PREFIX).fields,
  };
}

export const createCatalogEntrySchema = z
  .looseObject(catalogShape)
  .superRefine((v, ctx) => checkReasonRows(v, ctx), { when: () => true })
  .transform(pick);

export const updateCatalogEntrySchema = z
  .looseObject({ id: idField("cat"), ...catalogShape })
  .superRefine((v, ctx) => checkReasonRows(v, ctx), { when: () => true })
  .transform((v) => ({ id: v.id, ...pick(v) }));

export type CatalogEntryInput = z.output<typeof createCatalogEntrySchema>;
