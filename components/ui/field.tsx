import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

// Focus shows as a ring in normal colours and as an outline in forced colours, where box-shadow
// rings are not drawn (WCAG 2.4.7, 1.4.11).
const control =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-hidden focus:ring-2 focus:ring-brand-600/30";

function controlClass(invalid: boolean, extra?: string) {
  return cn(control, invalid ? "border-red-500" : "border-slate-300", extra);
}

type FieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  className?: string;
};

function FieldFrame({
  name,
  label,
  hint,
  errors,
  className,
  children,
}: FieldProps & { children: ReactNode }) {
  const errorId = `${name}-error`;
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && !errors?.length && (
        <p id={`${name}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {errors?.length ? (
        // Not a live region: after a refused submit focus moves to the first invalid field, whose
        // description is this error (one announcement, components/forms/form-message.tsx).
        <p id={errorId} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(name: string, hint: unknown, errors?: string[]) {
  if (errors?.length) return `${name}-error`;
  return hint ? `${name}-hint` : undefined;
}

/** Label + input + hint + field-level error, wired for screen readers. `id` defaults to the name (set it when two forms of a page share a field name). */
export function TextField({
  name,
  label,
  hint,
  errors,
  className,
  id,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "name">) {
  const fieldId = id ?? name;
  return (
    <FieldFrame name={fieldId} label={label} hint={hint} errors={errors} className={className}>
      <input
        id={fieldId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, errors)}
        className={controlClass(Boolean(errors?.length))}
        {...input}
      />
    </FieldFrame>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  errors,
  className,
  ...input
}: FieldProps & Omit<ComponentProps<"textarea">, "name">) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors} className={className}>
      <textarea
        id={name}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, errors)}
        className={controlClass(Boolean(errors?.length), "min-h-24")}
        {...input}
      />
    </FieldFrame>
  );
}

export function SelectField({
  name,
  label,
  hint,
  errors,
  className,
  options,
  placeholder,
  ...select
}: FieldProps &
  Omit<ComponentProps<"select">, "name"> & {
    options: Array<{ value: string; label: string }>;
    placeholder?: string;
  }) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors} className={className}>
      <select
        // Keyed by the value: React 19 resets forms after an action, and a select would fall back
        // to its first option instead of the value sent back with the field errors.
        key={String(select.defaultValue ?? "")}
        id={name}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, errors)}
        className={controlClass(Boolean(errors?.length))}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({
  name,
  label,
  errors,
  className,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "name" | "type">) {
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={name} className="flex items-center gap-2 text-sm text-slate-800">
        <input
          id={name}
          name={name}
          type="checkbox"
          className="size-4 rounded border-slate-300 text-brand-600"
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? `${name}-error` : undefined}
          {...input}
        />
        {label}
      </label>
      {errors?.length ? (
        <p id={`${name}-error`} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** A file picker in the field frame (label, hint, linked error). */
export function FileField({
  name,
  label,
  hint,
  errors,
  className,
  id,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "name" | "type">) {
  const fieldId = id ?? name;
  return (
    <FieldFrame name={fieldId} label={label} hint={hint} errors={errors} className={className}>
      <input
        id={fieldId}
        type="file"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, errors)}
        className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
        {...input}
      />
    </FieldFrame>
  );
}
