import { z } from "zod";
import type { IdPrefix } from "@/lib/ids";

/**
 * Record ids as they come from forms, URLs and API bodies: `<prefix>_<base58>` (lib/ids.ts).
 * Anything else (another record type's id, NUL, broken encoding) is refused before any query,
 * so a malformed id is "not found", never a database error (R-SEC-BAD-INPUT).
 */
const ID_BODY = "[A-Za-z0-9]{1,64}";
const patterns = new Map<IdPrefix, RegExp>();

function patternOf(prefix: IdPrefix): RegExp {
  let re = patterns.get(prefix);
  if (!re) {
    re = new RegExp(`^${prefix}_${ID_BODY}$`);
    patterns.set(prefix, re);
  }
  return re;
}

export function isId(value: unknown, prefix: IdPrefix): value is string {
  return typeof value === "string" && patternOf(prefix).test(value);
}

/** The id when it has the shape of a `prefix` id, else null (for route params: `?? notFound()`). */
export function parseId(value: unknown, prefix: IdPrefix): string | null {
  return isId(value, prefix) ? value : null;
}

/** A form or body field holding the id of one record type. */
export function idField(prefix: IdPrefix, message = "This record does not exist.") {
  return z.string().regex(patternOf(prefix), message);
}

/** Portal slugs in URLs and forms (shape only: reserved names are refused where slugs are chosen). */
const PORTAL_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export function isPortalSlug(value: unknown): value is string {
  return typeof value === "string" && PORTAL_SLUG.test(value);
}

/** Catalog and API slugs in URLs (lib/validation/apis.ts recordSlug: up to 60 characters). */
const RECORD_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;
export function isRecordSlug(value: unknown): value is string {
  return typeof value === "string" && RECORD_SLUG.test(value);
}

/** Single-use link tokens (reset, invitation, verification, Generate key): URL-safe text only. */
export const linkTokenField = z
  .string()
  .min(10, "This link is incomplete.")
  .max(200, "This link is not valid.")
  .regex(/^[A-Za-z0-9_-]+$/, "This link is not valid.");
