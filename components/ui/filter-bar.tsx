import { Search } from "lucide-react";
import type { ReactNode } from "react";
import { buttonClass } from "./button";

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-hidden focus:ring-2 focus:ring-brand-600/30";

/**
 * A GET form for list filters: the URL holds the filter, so it can be shared and bookmarked.
 * Every filter has a visible label, not only a placeholder (WCAG 3.3.2).
 */
export function FilterBar({ action, children }: { action: string; children: ReactNode }) {
  return (
    <form role="search" action={action} className="mb-4 flex flex-wrap items-end gap-2">
      {children}
      <button type="submit" className={buttonClass({ variant: "secondary" })}>
        <Search className="size-4" aria-hidden /> Search
      </button>
    </form>
  );
}

export function FilterInput({
  name,
  label,
  defaultValue,
  placeholder,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  placeholder?: string;
}) {
  return (
    <div className="min-w-48 flex-1 sm:max-w-sm">
      <label htmlFor={name} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type="search"
        defaultValue={defaultValue}
        placeholder={placeholder}
        className={control}
      />
    </div>
  );
}

export function FilterSelect({
  name,
  label,
  defaultValue,
  options,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  options: Array<[string, string]>;
}) {
  return (
    <div>
      <label htmlFor={name} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      <select id={name} name={name} defaultValue={defaultValue ?? ""} className={control}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
