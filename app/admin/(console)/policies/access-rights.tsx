"use client";
import { useState } from "react";
import { TextAreaField } from "@/components/ui/field";
import { HTTP_METHODS } from "@/lib/validation/policies";

export type ApiOption = { id: string; name: string; listenPath: string };
export type AccessState = { granted: boolean; methods: string[]; paths: string };

/**
 * One row per API of the organisation: grant it, then optionally narrow to methods and path
 * prefixes (full request paths, as the gateway matches them). Posts
 * `access.<apiId>.granted|methods|paths` (lib/validation/policies.ts).
 */
export function AccessRights({
  apis,
  initial,
  errors,
}: {
  apis: ApiOption[];
  initial: (apiId: string) => AccessState;
  errors: (name: string) => string[] | undefined;
}) {
  const [granted, setGranted] = useState(
    () => new Set(apis.filter((a) => initial(a.id).granted).map((a) => a.id)),
  );
  const toggle = (id: string, on: boolean) =>
    setGranted((g) => {
      const next = new Set(g);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
      {apis.map((api) => {
        const base = `access.${api.id}`;
        const start = initial(api.id);
        const on = granted.has(api.id);
        const methodErrors = errors(`${base}.methods`);
        return (
          <li key={api.id} className="space-y-3 p-3">
            <label
              htmlFor={`${base}.granted`}
              className="flex flex-wrap items-center gap-2 text-sm text-slate-800"
            >
              <input
                id={`${base}.granted`}
                name={`${base}.granted`}
                type="checkbox"
                className="size-4 rounded border-slate-300"
                defaultChecked={start.granted}
                onChange={(e) => toggle(api.id, e.target.checked)}
              />
              <span className="font-medium">{api.name}</span>
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                {api.listenPath}
              </code>
            </label>
            {on && (
              <div className="grid gap-3 pl-6 md:grid-cols-2">
                <fieldset
                  aria-describedby={methodErrors?.length ? `${base}.methods-error` : undefined}
                >
                  <legend className="text-sm font-medium text-slate-800">Allowed methods</legend>
                  <p className="text-xs text-slate-600">None ticked = every method.</p>
                  <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
                    {HTTP_METHODS.map((m) => (
                      <label
                        key={m}
                        htmlFor={`${base}.methods.${m}`}
                        className="flex items-center gap-1.5 font-mono text-sm text-slate-800"
                      >
                        <input
                          id={`${base}.methods.${m}`}
                          name={`${base}.methods`}
                          value={m}
                          type="checkbox"
                          className="size-4 rounded border-slate-300"
                          defaultChecked={start.methods.includes(m)}
                        />
                        {m}
                      </label>
                    ))}
                  </div>
                  {methodErrors?.length ? (
                    <p
                      id={`${base}.methods-error`}
                      className="mt-1 text-sm text-red-700"
                      role="alert"
                    >
                      {methodErrors.join(" ")}
                    </p>
                  ) : null}
                </fieldset>
                <TextAreaField
                  name={`${base}.paths`}
                  label="Allowed path prefixes"
                  hint={`One per line, full paths under ${api.listenPath}, e.g. ${api.listenPath}current. Empty = every path.`}
                  rows={3}
                  autoCapitalize="none"
                  spellCheck={false}
                  defaultValue={start.paths}
                  errors={errors(`${base}.paths`)}
                />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
