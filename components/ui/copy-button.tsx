"use client";
import { Check, Copy } from "lucide-react";
import { type Ref, useId, useLayoutEffect, useRef, useState } from "react";
import { Button } from "./button";

export function CopyButton({
  value,
  label = "Copy",
  ref,
  describedBy,
}: {
  value: string;
  label?: string;
  ref?: Ref<HTMLButtonElement>;
  describedBy?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      ref={ref}
      variant="secondary"
      size="sm"
      aria-describedby={describedBy}
      onClick={async () => {
        await navigator.clipboard.writeText(value).catch(() => undefined);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
      {copied ? "Copied" : label}
    </Button>
  );
}

/**
 * A secret shown once: monospace, selectable, with a copy button and a warning. When it replaces
 * the form that produced it (New key, Request key), the form's button is gone and focus with it:
 * focus moves to Copy, which reads the warning as its description (WCAG 2.4.3).
 */
export function SecretOnce({ label, value }: { label: string; value: string }) {
  const warning = useId();
  const copy = useRef<HTMLButtonElement>(null);
  // A layout effect: runs in the same commit that removed the form, before anything else moves
  // focus (a dialog's focus scope, components/ui/focus-keeper.ts).
  useLayoutEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active.matches('[role="dialog"]'))
      copy.current?.focus();
  }, []);
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
      <p id={warning} className="text-sm font-medium text-amber-900">
        {label} — copy it now, it will not be shown again.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="secret-once"
          className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-sm text-slate-900"
        >
          {value}
        </code>
        <CopyButton value={value} ref={copy} describedBy={warning} />
      </div>
    </div>
  );
}
