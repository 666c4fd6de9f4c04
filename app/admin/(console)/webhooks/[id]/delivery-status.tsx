import { Badge } from "@/components/ui/badge";

const TONE = { pending: "amber", delivered: "green", failed: "red" } as const;

/** "pending" reads as "retrying" once an attempt failed: that is what the admin needs to know. */
export function DeliveryStatus({
  status,
  attempts,
}: {
  status: "pending" | "delivered" | "failed";
  attempts: number;
}) {
  const label = status === "pending" ? (attempts > 0 ? "retrying" : "pending") : status;
  return <Badge tone={TONE[status]}>{label}</Badge>;
}

/** Poll while an attempt is due within this window (a fresh event, a resend, an early retry). */
const SOON_MS = 60_000;

/** True while the log is about to change on its own, so the page should refresh itself. */
export function attemptDueSoon(
  rows: Array<{ status: string; nextAttemptAt: Date | null }>,
  now: Date = new Date(),
): boolean {
  return rows.some(
    (d) => d.status === "pending" && (d.nextAttemptAt?.getTime() ?? 0) - now.getTime() < SOON_MS,
  );
}
