import type { FieldDefinition } from "@/db/schema";
import { textProblem } from "./text";

/**
 * Dynamic form fields (signup fields of the portal, reason fields of a catalog entry), posted by
 * the field editor as flat names `<prefix>.<index>.<prop>`. Errors are reported under the same
 * flat names, so `z.flattenError` puts each one beside its input.
 */

export const FIELD_TYPES = ["text", "textarea", "select", "checkbox"] as const;
export const FIELD_TYPE_LABELS: Record<FieldDefinition["type"], string> = {
  text: "Text",
  textarea: "Long text",
  select: "Select",
  checkbox: "Checkbox",
};
export const MAX_FIELDS = 20;
const KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;

export type RowIssue = { path: string; message: string };
type Raw = Record<string, unknown>;
type RawRow = { index: number; values: Record<string, string> };

function first(v: unknown): string {
  if (Array.isArray(v)) return typeof v[0] === "string" ? v[0] : "";
  return typeof v === "string" ? v : "";
}

/** The rows under `prefix`, in index order (indices may have gaps). */
export function collectRows(raw: Raw, prefix: string): RawRow[] {
  const rows = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix}\\.(\\d{1,3})\\.([a-zA-Z]+)$`);
  for (const [name, value] of Object.entries(raw)) {
    const m = re.exec(name);
    if (!m) continue;
    const index = Number(m[1]);
    const row = rows.get(index) ?? {};
    row[m[2] ?? ""] = first(value);
    rows.set(index, row);
  }
  return [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, values]) => ({ index, values }));
}

/** "Main use case" → "main_use_case": a key safe in form names (`cf_<key>`) and JSON. */
export function deriveFieldKey(label: string): string {
  const base = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 36);
  if (!base) return "field";
  return /^[a-z]/.test(base) ? base : `f_${base}`;
}

export function splitOptions(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  ];
}

/** Validates and converts the posted rows; a row left completely blank is ignored. */
export function parseFieldRows(
  raw: Raw,
  prefix: string,
): { fields: FieldDefinition[]; issues: RowIssue[] } {
  const fields: FieldDefinition[] = [];
  const issues: RowIssue[] = [];
  const seen = new Set<string>();
  const rows = collectRows(raw, prefix).filter(
    ({ values: v }) =>
      (v.label ?? "").trim() ||
      (v.key ?? "").trim() ||
      (v.options ?? "").trim() ||
      v.required === "on",
  );
  if (rows.length > MAX_FIELDS)
    issues.push({ path: prefix, message: `At most ${MAX_FIELDS} fields.` });

  for (const { index, values: v } of rows) {
    const at = (prop: string) => `${prefix}.${index}.${prop}`;
    const label = (v.label ?? "").trim();
    const labelProblem = textProblem(label, "name");
    if (labelProblem) issues.push({ path: at("label"), message: labelProblem });
    else if (!label) issues.push({ path: at("label"), message: "Enter a label." });
    else if (label.length > 100)
      issues.push({ path: at("label"), message: "At most 100 characters." });

    const typed = (v.key ?? "").trim();
    const key = typed || deriveFieldKey(label);
    if (!KEY_RE.test(key))
      issues.push({
        path: at("key"),
        message: "Lower-case letters, digits and _, starting with a letter (at most 40).",
      });
    else if (seen.has(key))
      issues.push({
        path: at(typed ? "key" : "label"),
        message: `The key "${key}" is used by another field; give this one its own key.`,
      });
    seen.add(key);

    const type = FIELD_TYPES.find((t) => t === v.type);
    if (!type) issues.push({ path: at("type"), message: "Choose a type." });

    const options = splitOptions(v.options ?? "");
    const optionsProblem = textProblem(v.options ?? "", "name");
    if (optionsProblem) issues.push({ path: at("options"), message: optionsProblem });
    else if (type === "select" && options.length === 0)
      issues.push({ path: at("options"), message: "List the choices, separated by commas." });
    else if (options.length > 50 || options.some((o) => o.length > 100))
      issues.push({ path: at("options"), message: "At most 50 choices of 100 characters each." });

    fields.push({
      key,
      label,
      type: type ?? "text",
      required: v.required === "on",
      ...(type === "select" ? { options } : {}),
    });
  }
  return { fields, issues };
}

/** Back to the editor's flat names, for a form's first render. */
export function fieldRowsToValues(
  prefix: string,
  fields: FieldDefinition[],
): Record<string, string> {
  const out: Record<string, string> = {};
  fields.forEach((f, i) => {
    out[`${prefix}.${i}.label`] = f.label;
    out[`${prefix}.${i}.key`] = f.key;
    out[`${prefix}.${i}.type`] = f.type;
    if (f.required) out[`${prefix}.${i}.required`] = "on";
    out[`${prefix}.${i}.options`] = (f.options ?? []).join(", ");
  });
  return out;
}
