"use client";
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import type { FieldDefinition } from "@/db/schema";
import {
  collectRows,
  FIELD_TYPE_LABELS,
  FIELD_TYPES,
  MAX_FIELDS,
} from "@/lib/validation/field-definitions";

type Row = {
  id: number;
  label: string;
  key: string;
  type: string;
  required: boolean;
  options: string;
};

function rowsFrom(
  prefix: string,
  stored: FieldDefinition[],
  typed?: Record<string, string | string[]>,
): Row[] {
  if (typed)
    return collectRows(typed, prefix).map(({ values: v }, i) => ({
      id: i,
      label: v.label ?? "",
      key: v.key ?? "",
      type: v.type ?? "text",
      required: v.required === "on",
      options: v.options ?? "",
    }));
  return stored.map((f, i) => ({
    id: i,
    label: f.label,
    key: f.key,
    type: f.type,
    required: f.required,
    options: (f.options ?? []).join(", "),
  }));
}

const TYPE_OPTIONS = FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] }));

/**
 * Editor of dynamic form fields (signup fields, reason fields). Posts `<prefix>.<i>.label|key|
 * type|required|options`, parsed by lib/validation/field-definitions.ts. Remount it (key) after
 * each submit so rows are rebuilt from what was typed.
 */
export function FieldDefinitionsEditor({
  prefix,
  legend,
  description,
  stored,
  typed,
  errors,
  disabled = false,
}: {
  prefix: string;
  legend: string;
  description?: string;
  stored: FieldDefinition[];
  typed?: Record<string, string | string[]>;
  errors: (name: string) => string[] | undefined;
  disabled?: boolean;
}) {
  const [rows, setRows] = useState(() => rowsFrom(prefix, stored, typed));
  const [nextId, setNextId] = useState(rows.length);
  const focusRow = useRef<number | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLOListElement>(null);

  // Keyboard users land in the row they just added.
  useEffect(() => {
    if (focusRow.current === null) return;
    listRef.current
      ?.querySelector<HTMLInputElement>(`[data-row="${focusRow.current}"] input`)
      ?.focus();
    focusRow.current = null;
  }, [rows]);

  const add = () => {
    setRows((r) => [
      ...r,
      { id: nextId, label: "", key: "", type: "text", required: false, options: "" },
    ]);
    focusRow.current = nextId;
    setNextId((n) => n + 1);
  };
  const remove = (id: number) => {
    setRows((r) => r.filter((row) => row.id !== id));
    addRef.current?.focus();
  };
  const setType = (id: number, type: string) =>
    setRows((r) => r.map((row) => (row.id === id ? { ...row, type } : row)));

  return (
    <fieldset className="space-y-3" disabled={disabled}>
      <legend className="text-sm font-semibold text-slate-900">{legend}</legend>
      {description && <p className="text-sm text-slate-600">{description}</p>}
      {errors(prefix)?.length ? (
        <p className="text-sm text-red-700" role="alert">
          {errors(prefix)?.join(" ")}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-600">
          No fields yet.
        </p>
      ) : (
        <ol ref={listRef} className="space-y-3">
          {rows.map((row, i) => {
            const n = (prop: string) => `${prefix}.${i}.${prop}`;
            return (
              <li
                key={row.id}
                data-row={row.id}
                className="rounded-md border border-slate-200 bg-slate-50 p-3"
              >
                <fieldset className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1.4fr_1fr_auto]">
                  <legend className="sr-only">Field {i + 1}</legend>
                  <TextField
                    name={n("label")}
                    label={`Field ${i + 1} label`}
                    defaultValue={row.label}
                    errors={errors(n("label"))}
                  />
                  <TextField
                    name={n("key")}
                    label="Key"
                    hint="Optional: made from the label."
                    defaultValue={row.key}
                    errors={errors(n("key"))}
                    autoCapitalize="none"
                    spellCheck={false}
                  />
                  <SelectField
                    name={n("type")}
                    label="Type"
                    options={TYPE_OPTIONS}
                    defaultValue={row.type}
                    errors={errors(n("type"))}
                    onChange={(e) => setType(row.id, e.target.value)}
                  />
                  <div className="flex items-end justify-between gap-3 sm:col-span-2 lg:col-span-1 lg:flex-col lg:items-start lg:justify-end">
                    <CheckboxField
                      name={n("required")}
                      label="Required"
                      defaultChecked={row.required}
                      className="pb-2"
                    />
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => remove(row.id)}
                      aria-label={`Remove field ${i + 1}${row.label ? ` (${row.label})` : ""}`}
                    >
                      <Trash2 className="size-4" aria-hidden /> Remove
                    </Button>
                  </div>
                  {row.type === "select" && (
                    <TextField
                      name={n("options")}
                      label="Choices"
                      hint="Separated by commas, e.g. Prototype, Production app."
                      defaultValue={row.options}
                      errors={errors(n("options"))}
                      className="sm:col-span-2 lg:col-span-4"
                    />
                  )}
                </fieldset>
              </li>
            );
          })}
        </ol>
      )}
      <Button
        ref={addRef}
        variant="secondary"
        size="sm"
        onClick={add}
        disabled={disabled || rows.length >= MAX_FIELDS}
      >
        <Plus className="size-4" aria-hidden /> Add field
      </Button>
    </fieldset>
  );
}
