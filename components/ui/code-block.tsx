import { CopyButton } from "./copy-button";

/** A copy-paste snippet (a shell command): monospace, scrolls sideways, with a Copy button. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative">
      <pre
        aria-label={label}
        className="overflow-x-auto rounded-md border border-slate-200 bg-slate-950 p-4 pr-20 text-sm leading-relaxed text-slate-100"
      >
        <code>{code}</code>
      </pre>
      <div className="absolute right-2 top-2">
        <CopyButton value={code} label="Copy" />
      </div>
    </div>
  );
}
