"use client";
import { CopyButton } from "@/components/ui/copy-button";
import { Button } from "@/components/ui/button";

/** The recovery codes, shown once after they are made. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <section
      aria-labelledby="recovery-codes-title"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4"
    >
      <h3 id="recovery-codes-title" className="font-medium text-amber-900">
        Your recovery codes — save them now, they are not shown again
      </h3>
      <p className="text-sm text-amber-900">
        Each code logs you in once if you lose your authenticator app. Keep them somewhere safe,
        like a password manager.
      </p>
      <ul
        className="grid grid-cols-2 gap-2 font-mono text-sm text-slate-900 sm:grid-cols-5"
        aria-label="Recovery codes"
        data-testid="recovery-codes"
      >
        {codes.map((c) => (
          <li key={c} className="rounded bg-white px-2 py-1 text-center">
            {c}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <CopyButton value={codes.join("\n")} label="Copy all codes" />
        <Button variant="secondary" size="sm" onClick={onDone}>
          I have saved them
        </Button>
      </div>
    </section>
  );
}
