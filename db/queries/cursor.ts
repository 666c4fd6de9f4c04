import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * Keyset pagination over (created_at, id), newest first (the management API's `cursor`).
 * The position keeps Postgres' microseconds as text: a JavaScript Date holds milliseconds only,
 * and a cursor rounded to them would skip rows created in the same millisecond.
 */
export type CursorPosition = { at: string; id: string };

/** Select this next to a row to build the cursor that follows it. */
export function cursorAt(createdAt: AnyColumn): SQL<string> {
  return sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows strictly after `after` in (created_at desc, id desc) order. */
export function afterCursor(
  createdAt: AnyColumn,
  id: AnyColumn,
  after: CursorPosition | null | undefined,
): SQL | undefined {
  if (!after) return undefined;
  return sql`(${createdAt}, ${id}) < (${after.at}::timestamptz, ${after.id})`;
}

/** Takes `limit + 1` rows and says where the next page starts (null on the last page). */
export function pageOf<T extends { cursorAt: string; id: string }>(
  rows: T[],
  limit: number,
): { rows: T[]; next: CursorPosition | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    next: rows.length > limit && last ? { at: last.cursorAt, id: last.id } : null,
  };
}
