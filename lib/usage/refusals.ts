import type { RefusalBucketRow } from "@/db/queries/usage-page";
import { DECISION_STATUS, type DecisionCode } from "@/lib/gateway/types";

const STEP = { hour: 3600, day: 86400 } as const;
/** Codes drawn on their own; the rarer ones share "Other" (the table lists every code). */
const MAX_SERIES = 5;
export const OTHER_CODE = "other";

const LABEL: Partial<Record<DecisionCode, string>> = {
  rate_limited: "Rate limited",
  quota_exceeded: "Quota exceeded",
  no_access: "No access",
  method_not_allowed: "Method not allowed",
  path_not_allowed: "Path not allowed",
  ip_not_allowed: "IP not allowed",
  key_expired: "Key expired",
  key_revoked: "Key revoked",
  key_inactive: "Key inactive",
  developer_inactive: "Developer inactive",
  org_suspended: "Organisation suspended",
  oauth_required: "OAuth required",
};

/** "Rate limited (429)" for a decision code, "HTTP 503" for a status reported by a gateway. */
export function refusalLabel(code: string): { label: string; status: number | null } {
  const http = /^http_(\d{3})$/.exec(code);
  if (http) return { label: `HTTP ${http[1]}`, status: Number(http[1]) };
  if (code === OTHER_CODE) return { label: "Other", status: null };
  if (Object.hasOwn(DECISION_STATUS, code)) {
    const c = code as DecisionCode;
    return { label: LABEL[c] ?? c.replaceAll("_", " "), status: DECISION_STATUS[c] };
  }
  return { label: code, status: null };
}

export type RefusalCode = { code: string; label: string; status: number | null; total: number };
export type RefusalSummary = {
  /** Every code of the range, most refusals first (the table). */
  codes: RefusalCode[];
  /** The codes drawn as series: the busiest, then "other" for the rest. */
  series: RefusalCode[];
  /** One point per bucket of the range, zeros included: t plus a count per series code. */
  points: Array<{ t: number } & Record<string, number>>;
  total: number;
};

/**
 * R-USAGE-PAGE: refusals by code over a range, bucket by bucket (missing buckets are zeros, as
 * in the calls chart), the busiest codes as their own series.
 */
export function refusalSeries(
  rows: RefusalBucketRow[],
  range: { from: Date; to: Date; granularity: "hour" | "day" },
): RefusalSummary {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.code, (totals.get(r.code) ?? 0) + r.refusals);
  const codes = [...totals]
    .map(([code, total]) => ({ code, total, ...refusalLabel(code) }))
    .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
  const own = codes.length > MAX_SERIES ? codes.slice(0, MAX_SERIES - 1) : codes;
  const drawn = new Set(own.map((c) => c.code));
  const rest = codes.filter((c) => !drawn.has(c.code));
  const series = rest.length
    ? [
        ...own,
        {
          code: OTHER_CODE,
          total: rest.reduce((n, c) => n + c.total, 0),
          ...refusalLabel(OTHER_CODE),
        },
      ]
    : own;
  const step = STEP[range.granularity];
  const byT = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const bucket = byT.get(r.t) ?? {};
    const code = drawn.has(r.code) ? r.code : OTHER_CODE;
    bucket[code] = (bucket[code] ?? 0) + r.refusals;
    byT.set(r.t, bucket);
  }
  const points: RefusalSummary["points"] = [];
  for (let t = Math.floor(range.from.getTime() / 1000); t < range.to.getTime() / 1000; t += step) {
    const bucket = byT.get(t);
    const point: { t: number } & Record<string, number> = { t };
    for (const s of series) point[s.code] = bucket?.[s.code] ?? 0;
    points.push(point);
  }
  return { codes, series, points, total: codes.reduce((n, c) => n + c.total, 0) };
}
