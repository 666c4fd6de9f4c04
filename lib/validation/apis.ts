import { z } from "zod";
import { idField } from "./ids";
import { multiLineText, nameText, singleLineText } from "./text";

/** Slugs of APIs and catalog entries: they appear in portal URLs. */
export const recordSlug = z
  .string()
  .trim()
  .min(1, { message: "Enter a slug, like weather.", abort: true })
  .min(2, "At least 2 characters.")
  .max(60, "At most 60 characters.")
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    "Lower-case letters, digits and dashes; no dash at either end.",
  );

/** A slug suggested from a name: "Weather & Geo — Pro" → "weather-geo-pro". */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

export const recordName = nameText()
  .trim()
  .min(1, "Enter a name.")
  .max(80, "At most 80 characters.");

/** Optional http(s) URL; blank becomes null. */
export const optionalHttpUrl = singleLineText()
  .trim()
  .max(2000, "At most 2000 characters.")
  .default("")
  .transform((v) => v || null)
  .pipe(
    z
      .url({
        protocol: /^https?$/,
        message: "Enter a full http(s) URL, like https://api.example.com/openapi.json.",
      })
      .nullable(),
  );

export const optionalMarkdown = multiLineText()
  .max(100_000, "At most 100,000 characters.")
  .default("")
  .transform((v) => (v.trim() ? v : null));

/**
 * The prefix the gateway matches (longest wins). Always "/…/": a leading slash so it is a path,
 * a trailing one so "/pay/" never matches "/payments/…", and no doubled slashes.
 */
export function normaliseListenPath(path: string): string {
  const collapsed = path.trim().replace(/\/{2,}/g, "/");
  return collapsed.endsWith("/") ? collapsed : `${collapsed}/`;
}

export const listenPathField = z
  .string()
  .trim()
  .min(1, { message: "Enter the path prefix, like /weather/.", abort: true })
  .max(200, "At most 200 characters.")
  .refine((p) => p.startsWith("/"), 'Start with "/", like /weather/.')
  .refine(
    (p) => /^[A-Za-z0-9\-._~/%]*$/.test(p),
    "Letters, digits, / and - . _ ~ only (no spaces, ? or #).",
  )
  .transform(normaliseListenPath);

export const API_AUTH_TYPES = ["key", "oauth"] as const;

export const apiFields = {
  name: recordName,
  slug: recordSlug,
  listenPath: listenPathField,
  description: multiLineText().trim().max(2000, "At most 2000 characters.").default(""),
  docsMarkdown: optionalMarkdown,
  openapiUrl: optionalHttpUrl,
  upstreamUrl: optionalHttpUrl,
  authType: z.enum(API_AUTH_TYPES, "Choose API key or OAuth."),
};

export const createApiSchema = z.object(apiFields);
export const updateApiSchema = z.object({ id: idField("api"), ...apiFields });
/** Delete forms of APIs ("api"), policies ("pol") and catalog entries ("cat"). */
export const recordIdSchema = (prefix: "api" | "pol" | "cat") => z.object({ id: idField(prefix) });

export type ApiInput = z.output<typeof createApiSchema>;
