import { z } from "zod";
import type { CursorPosition } from "@/db/queries/cursor";

/**
 * Cursor pagination (`?limit=&cursor=` → `{ data, next_cursor }`). The cursor is opaque to
 * clients: base64url of the last row's (created_at, id). A tampered cursor is a 400, never a query.
 */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ID = /^[a-z]{2,8}_[A-Za-z0-9]{1,64}$/;

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify([p.at, p.id]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): CursorPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [at, id] = v as unknown[];
    if (typeof at !== "string" || typeof id !== "string" || !AT.test(at) || !ID.test(id))
      return null;
    if (Number.isNaN(Date.parse(at))) return null;
    return { at, id };
  } catch {
    return null;
  }
}

/** The two query parameters every list takes; spread into a list's query schema. */
export const pageParams = {
  limit: z.coerce
    .number("limit must be a number.")
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}.`)
    .default(DEFAULT_LIMIT)
    .meta({ description: `Page size, 1–${MAX_LIMIT}.` }),
  cursor: z
    .string()
    .transform((c, ctx) => {
      const p = decodeCursor(c);
      if (!p) {
        ctx.addIssue({ code: "custom", message: "cursor is not one this API returned." });
        return z.NEVER;
      }
      return p;
    })
    .optional()
    .meta({ description: "The `next_cursor` of the previous page; omit for the first page." }),
};

/** A page of a list: `{ data, next_cursor }`; `next_cursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  });
}

export function pageJson<R, T>(
  page: { rows: R[]; next: CursorPosition | null },
  toJson: (row: R) => T,
): { data: T[]; next_cursor: string | null } {
  return {
    data: page.rows.map(toJson),
    next_cursor: page.next ? encodeCursor(page.next) : null,
  };
}
