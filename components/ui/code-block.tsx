import { CopyButton } from "./copy-button";
import { ScrollRegion } from "./scroll-region";

/** A copy-paste snippet (a shell command): monospace, scrolls sideways, with a Copy button. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative">
      {/* A Tab stop (to scroll it with the arrow keys) only when it overflows, e.g. at 375 px. */}
      <ScrollRegion
        as="pre"
        label={label}
        labelAlways
        className="overflow-x-auto rounded-md border border-slate-200 bg-slate-950 p-4 pr-20 text-sm leading-relaxed text-slate-100"
      >
        <code>{code}</code>
      </ScrollRegion>
      <div className="absolute right-2 top-2">
        <CopyButton value={code} label="Copy" />
      </div>
    </div>
  );
}
