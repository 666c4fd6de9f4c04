import { History } from "lucide-react";

/**
 * "Previous key gh_xxx… valid until …" on a key during a roll's grace period (R-KEY-ROTATE). The
 * caller passes it only while the grace period runs.
 */
export function PreviousKeyNote({ start, until }: { start: string; until: string }) {
  return (
    <p
      className="mt-1 flex flex-wrap items-center gap-1 text-xs text-amber-800"
      data-testid="previous-key"
    >
      <History className="size-3.5" aria-hidden />
      Previous key <code className="font-mono">{start}…</code> valid until {until}
    </p>
  );
}
