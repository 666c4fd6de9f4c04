import { formatQuota, formatRate } from "@/lib/policies/format";

export type PolicyOption = {
  id: string;
  name: string;
  isInactive: boolean;
  catalogEntries: string[];
  rate: number;
  per: number;
  quotaMax: number;
  quotaRenewalSeconds: number;
};

/** Checkbox list of policies; each shows its catalog entry or "(No Catalog Entry)". */
export function PolicyPicker({
  options,
  selected,
  errors,
  legend,
}: {
  options: PolicyOption[];
  selected: string[];
  errors?: string[];
  legend: string;
}) {
  return (
    <fieldset aria-describedby={errors?.length ? "policyIds-error" : undefined}>
      <legend className="mb-2 text-sm font-medium text-slate-800">{legend}</legend>
      <ul className="max-h-72 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
        {options.map((p) => (
          <li key={p.id}>
            <label className="flex cursor-pointer items-start gap-3 rounded px-2 py-2 hover:bg-slate-50">
              <input
                type="checkbox"
                name="policyIds"
                value={p.id}
                defaultChecked={selected.includes(p.id)}
                aria-invalid={errors?.length ? true : undefined}
                className="mt-1 size-4"
              />
              <span className="text-sm">
                <span className="font-medium text-slate-900">{p.name}</span>
                {p.isInactive && <span className="ml-2 text-xs text-amber-800">(inactive)</span>}
                <span className="block text-slate-600">
                  {p.catalogEntries.length ? p.catalogEntries.join(", ") : "(No Catalog Entry)"} ·{" "}
                  {formatRate(p.rate, p.per)} · quota{" "}
                  {formatQuota(p.quotaMax, p.quotaRenewalSeconds)}
                </span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {errors?.length ? (
        <p id="policyIds-error" className="mt-1 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
