import { z } from "zod";

/**
 * Text every input path accepts (R-SEC-BAD-INPUT). Postgres refuses NUL in text and jsonb (a 500
 * if it gets that far), other control characters corrupt logs, emails and CSV exports, and
 * direction overrides make a name read differently from what is stored. So:
 * - no C0 control, DEL or C1 control, except tab and line breaks in multi-line fields;
 * - no lone UTF-16 surrogate (JSON bodies can carry them; they are not text);
 * - in names and single-line identifiers, no bidi override or isolate (U+202A–E, U+2066–9).
 */

export type TextKind = "single" | "multi" | "name";

// C0 (U+0000–001F), DEL (U+007F), C1 (U+0080–009F).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// The same without tab, LF and CR.
const CONTROL_MULTI = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const TEXT_MESSAGES = {
  control: "Remove control characters (such as NUL or line breaks).",
  controlMulti: "Remove control characters (tabs and line breaks are fine).",
  surrogate: "Remove invalid characters (broken Unicode).",
  bidi: "Remove invisible text-direction characters (U+202A–U+202E, U+2066–U+2069).",
} as const;

/** What is wrong with a value for a field of this kind, or null when it is acceptable text. */
export function textProblem(value: string, kind: TextKind): string | null {
  if (kind === "multi" ? CONTROL_MULTI.test(value) : CONTROL.test(value))
    return kind === "multi" ? TEXT_MESSAGES.controlMulti : TEXT_MESSAGES.control;
  if (LONE_SURROGATE.test(value)) return TEXT_MESSAGES.surrogate;
  if (kind === "name" && BIDI.test(value)) return TEXT_MESSAGES.bidi;
  return null;
}

/** True when the value holds any C0/C1 control character or lone surrogate (tabs and newlines included). */
export function hasUnsafeText(value: string): boolean {
  return textProblem(value, "single") !== null;
}

/** A string field of this kind; chain trim/min/max after it (the check runs first). */
export function textField(kind: TextKind) {
  // abort: the length and format checks after this one would only add noise to a refused value.
  return z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, kind);
    if (problem) ctx.addIssue({ code: "custom", message: problem, continue: false });
  });
}

/** A one-line value (titles, tags, URLs, search terms): no control characters at all. */
export const singleLineText = () => textField("single");

/** A multi-line value (descriptions, reasons, Markdown docs): tab and line breaks allowed. */
export const multiLineText = () => textField("multi");

/** A name or one-line identifier: one line, and no bidi overrides or isolates. */
export const nameText = () => textField("name");

/** For search boxes in list pages: anything unusable becomes "no filter" instead of an error. */
export const searchText = (max: number) => singleLineText().max(max).catch("");
