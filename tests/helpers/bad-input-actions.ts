import { expect } from "vitest";
import type { Db } from "@/db";
import type { FieldDefinition } from "@/db/schema";
import type { ActionState } from "@/lib/actions/state";
import {
  hasForbiddenControl,
  isRedirect,
  type RowCounts,
  rowCounts,
  stringsIn,
} from "./hostile-input";

/**
 * The R-SEC-BAD-INPUT property for one server action call: the action either refuses with a
 * message (and, for a validation error, the field it is about) and writes nothing, or succeeds
 * (a result or Next's redirect); it never throws anything else. Returns what happened.
 */
export async function runAction(
  db: Db,
  orgId: string,
  call: () => Promise<ActionState>,
): Promise<{ outcome: "refused" | "done"; state: ActionState | null; before: RowCounts }> {
  const before = await rowCounts(db, orgId);
  let state: ActionState | null = null;
  try {
    state = await call();
  } catch (err) {
    if (!isRedirect(err)) throw err;
  }
  if (state && !state.ok) {
    expect(state.message, JSON.stringify(state).slice(0, 300)).toMatch(/\w/);
    for (const messages of Object.values(state.fieldErrors ?? {}))
      for (const m of messages ?? []) expect(m).toMatch(/\w/);
    expect(await rowCounts(db, orgId), "a refused form wrote rows").toEqual(before);
    return { outcome: "refused", state, before };
  }
  return { outcome: "done", state, before };
}

/** Whatever was stored holds no control character (tab and line breaks aside) nor broken Unicode. */
export function expectCleanText(value: unknown) {
  for (const text of stringsIn(value))
    expect(hasForbiddenControl(text), JSON.stringify(text).slice(0, 80)).toBe(false);
}

/** Custom fields of every type (signup fields, reason fields). */
export const ALL_FIELD_TYPES: FieldDefinition[] = [
  { key: "company", label: "Company", type: "text", required: false },
  { key: "details", label: "Details", type: "textarea", required: false },
  { key: "plan", label: "Plan", type: "select", required: false, options: ["free", "pro"] },
  { key: "agree", label: "Agree", type: "checkbox", required: false },
];
