import { z } from "zod";
import { isId } from "@/lib/validation/ids";
import { lastHoursRange, usageRange } from "./series";

const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The inclusive UTC days a range touches: what a CSV of it covers. */
export function daysOf(range: { from: Date; to: Date }): { from: string; to: string } {
  return { from: dayOf(range.from), to: dayOf(new Date(range.to.getTime() - 1)) };
}

/** "Download CSV" of a developer's or a key's usage over a range (console). */
export function usageCsvHref(
  range: { from: Date; to: Date },
  scope: { developerId: string } | { keyId: string },
): string {
  const { from, to } = daysOf(range);
  const id = "developerId" in scope ? `developer_id=${scope.developerId}` : `key_id=${scope.keyId}`;
  return `/admin/usage/csv?from=${from}&to=${to}&${id}`;
}

/** The Usage page's query: a preset range or a custom one (inclusive UTC days). */
export const usagePageQuery = z.object({
  range: z.enum(["24h", "7d", "30d", "custom"]).catch("7d"),
  from: isoDay.optional().catch(undefined),
  to: isoDay.optional().catch(undefined),
  /** One API's calls only; anything but an API id means every API. */
  api: z
    .string()
    .refine((v) => isId(v, "api"))
    .optional()
    .catch(undefined),
});

export type UsagePageWindow = {
  from: Date;
  to: Date;
  granularity: "hour" | "day";
  /** The inclusive UTC days the CSV covers (the 24 hours' export is by day: yesterday and today). */
  days: { from: string; to: string };
};

/**
 * The window of the Usage page (R-USAGE-PAGE): the last 24 hours hour by hour, the last 7 or 30
 * days (the same definition as every usage chart), or custom days up to a year; an invalid
 * custom range is a message, and the page keeps what was typed.
 */
export function usagePageWindow(
  q: z.output<typeof usagePageQuery>,
  now = new Date(),
): { ok: true; window: UsagePageWindow } | { ok: false; message: string } {
  if (q.range === "24h") {
    const r = lastHoursRange(24, now);
    return { ok: true, window: { ...r, days: daysOf(r) } };
  }
  if (q.range !== "custom") {
    const r = usageRange(q.range === "7d" ? 7 : 30, "day", now);
    return { ok: true, window: { ...r, days: daysOf(r) } };
  }
  if (!q.from || !q.to) return { ok: false, message: "Choose both a start and an end day." };
  const from = new Date(`${q.from}T00:00:00Z`);
  const last = new Date(`${q.to}T00:00:00Z`);
  if (
    Number.isNaN(from.getTime()) ||
    Number.isNaN(last.getTime()) ||
    dayOf(from) !== q.from ||
    dayOf(last) !== q.to
  )
    return { ok: false, message: "Use real days, like 2026-11-01." };
  if (last < from) return { ok: false, message: "The end day is before the start day." };
  if (last.getTime() - from.getTime() > 366 * DAY)
    return { ok: false, message: "Choose at most a year (366 days)." };
  if (from.getTime() > now.getTime())
    return { ok: false, message: "The start day is in the future." };
  return {
    ok: true,
    window: {
      from,
      to: new Date(last.getTime() + DAY),
      granularity: "day",
      days: { from: q.from, to: q.to },
    },
  };
}
