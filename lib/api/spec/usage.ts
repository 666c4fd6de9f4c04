import { z } from "zod";
import {
  USAGE_DIMENSIONS,
  type UsageDimension,
  type UsageFilter,
  type UsageRow,
} from "@/db/queries/usage-export";
import { idField } from "@/lib/validation/ids";
import { operation, type SpecModule } from "./common";

/**
 * Usage (R-USAGE-EXPORT) for billing and reporting: the daily rollups (UTC days) of a date range,
 * summed by day, developer, key and/or API, as JSON pages or one CSV.
 */
const DAY_MS = 86_400_000;
/** The default range: the 30 UTC days up to today. */
const DEFAULT_DAYS = 30;

const FIRST_DAY = "0001-01-01";

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const day = z.iso.date("Use a date as YYYY-MM-DD.");

const groupBy = (fallback: UsageDimension[]) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const parts = [...new Set(v.split(",").map((p) => p.trim()))];
      const bad = parts.filter((p) => !(USAGE_DIMENSIONS as readonly string[]).includes(p));
      if (bad.length || parts.length === 0) {
        ctx.addIssue({
          code: "custom",
          message: `group_by takes a comma-separated list of: ${USAGE_DIMENSIONS.join(", ")}.`,
        });
        return z.NEVER;
      }
      return USAGE_DIMENSIONS.filter((d) => parts.includes(d));
    })
    .meta({
      description: `Comma-separated: any of ${USAGE_DIMENSIONS.map((d) => `\`${d}\``).join(", ")}. Rows are summed over everything not listed.`,
      example: "day,developer",
    });

const CURSOR_PART = /^(\d{4}-\d{2}-\d{2}|[a-z]{2,8}_[A-Za-z0-9]{1,64})$/;

const DATE_PART = /^\d{4}-\d{2}-\d{2}$/;

function isRealDay(part: string): boolean {
  const ms = Date.parse(`${part}T00:00:00Z`);
  return !Number.isNaN(ms) && utcDay(ms) === part;
}

/** True when each part of a decoded cursor is a value of its dimension (a real date for `day`). */
export function cursorFits(position: string[], dims: UsageDimension[]): boolean {
  return (
    position.length === dims.length &&
    dims.every((d, i) => {
      const part = position[i] ?? "";
      return d === "day" ? DATE_PART.test(part) && isRealDay(part) : !DATE_PART.test(part);
    })
  );
}

export function encodeUsageCursor(position: string[]): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

function decodeUsageCursor(cursor: string): string[] | null {
  if (!/^[A-Za-z0-9_-]{1,600}$/.test(cursor)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length < 1 || v.length > USAGE_DIMENSIONS.length) return null;
    return v.every((p) => typeof p === "string" && CURSOR_PART.test(p)) ? (v as string[]) : null;
  } catch {
    return null;
  }
}

const filterFields = {
  from: day.optional().meta({
    description: "First UTC day, inclusive (default: 29 days before `to`).",
    example: "2026-11-01",
  }),
  to: day
    .optional()
    .meta({ description: "Last UTC day, inclusive (default: today).", example: "2026-11-30" }),
  developer_id: idField("dev", "Unknown developer.").optional(),
  key_id: idField("key", "Unknown key.").optional(),
  api_id: idField("api", "Unknown API.").optional(),
};

type FilterInput = {
  from?: string;
  to?: string;
  developer_id?: string;
  key_id?: string;
  api_id?: string;
};

/**
 * The range with its defaults; an issue on `from` when it is after `to`. Any length is fine: a
 * range costs the rows that exist in it (an index range), read page by page.
 */
function withRange<T extends FilterInput>(q: T, ctx: z.RefinementCtx) {
  const to = q.to ?? utcDay(Date.now());
  const from = q.from ?? utcDay(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1)
    ctx.addIssue({ code: "custom", path: ["from"], message: "from must not be after to." });
  // Postgres dates start at year 1 (there is no year 0).
  else if (from < FIRST_DAY)
    ctx.addIssue({
      code: "custom",
      path: ["from"],
      message: `from must be ${FIRST_DAY} or later.`,
    });
  return { ...q, from, to };
}

export function usageFilter(q: FilterInput & { from: string; to: string }): UsageFilter {
  return { from: q.from, to: q.to, developerId: q.developer_id, keyId: q.key_id, apiId: q.api_id };
}

export const usageQuery = z
  .strictObject({
    ...filterFields,
    group_by: groupBy(["day"]),
    limit: z.coerce
      .number("limit must be a number.")
      .int("limit must be a whole number.")
      .min(1, "limit must be at least 1.")
      .max(1000, "limit must be at most 1000.")
      .default(100)
      .meta({ description: "Rows per page, 1–1000." }),
    cursor: z
      .string()
      .transform((c, ctx) => {
        const p = decodeUsageCursor(c);
        if (!p) {
          ctx.addIssue({ code: "custom", message: "cursor is not one this API returned." });
          return z.NEVER;
        }
        return p;
      })
      .optional()
      .meta({ description: "The `next_cursor` of the previous page; omit for the first page." }),
  })
  .transform(withRange);

export const usageCsvQuery = z
  .strictObject({ ...filterFields, group_by: groupBy([...USAGE_DIMENSIONS]) })
  .transform(withRange);

const counts = {
  requests: z.int().meta({ description: "Calls the gateway decided (accepted and refused)." }),
  successes: z.int().meta({ description: "Accepted calls." }),
  errors: z.int().meta({ description: "Refused calls (limits, access)." }),
};

export const usageRowSchema = z
  .object({
    day: z
      .string()
      .optional()
      .meta({ description: "UTC day (with `group_by` day).", example: "2026-11-26" }),
    developer_id: z.string().optional(),
    developer_email: z.string().nullable().optional(),
    key_id: z.string().optional().meta({
      description: "The key (an OAuth client's calls count under its credential key id).",
    }),
    key_start: z.string().nullable().optional(),
    api_id: z.string().optional(),
    api_slug: z.string().nullable().optional(),
    ...counts,
  })
  .meta({
    id: "UsageRow",
    description: "Only the fields of the `group_by` dimensions are present.",
  });

export const usagePageSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    group_by: z.array(z.enum(USAGE_DIMENSIONS)),
    totals: z.object(counts).meta({ description: "Sums over the whole range and filters." }),
    data: z.array(usageRowSchema),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ id: "UsagePage" });

export function usageRowJson(r: UsageRow): z.infer<typeof usageRowSchema> {
  return {
    ...(r.day !== undefined ? { day: r.day } : {}),
    ...(r.developerId !== undefined
      ? { developer_id: r.developerId, developer_email: r.developerEmail ?? null }
      : {}),
    ...(r.keyId !== undefined ? { key_id: r.keyId, key_start: r.keyStart ?? null } : {}),
    ...(r.apiId !== undefined ? { api_id: r.apiId, api_slug: r.apiSlug ?? null } : {}),
    requests: r.requests,
    successes: r.successes,
    errors: r.errors,
  };
}

/** CSV columns per dimension, in order; then the three counts. */
export const CSV_COLUMNS: Record<UsageDimension, Array<keyof ReturnType<typeof usageRowJson>>> = {
  day: ["day"],
  developer: ["developer_id", "developer_email"],
  key: ["key_id", "key_start"],
  api: ["api_id", "api_slug"],
};

/** At most this many days per refusals request: one row per day and code, not paged. */
export const REFUSAL_MAX_DAYS = 366;

export const usageRefusalsQuery = z
  .strictObject({ from: filterFields.from, to: filterFields.to, api_id: filterFields.api_id })
  .transform((q, ctx) => {
    const r = withRange(q, ctx);
    if ((Date.parse(r.to) - Date.parse(r.from)) / DAY_MS + 1 > REFUSAL_MAX_DAYS)
      ctx.addIssue({
        code: "custom",
        path: ["from"],
        message: `Ask for at most ${REFUSAL_MAX_DAYS} days at a time.`,
      });
    return r;
  });

const refusalCode = {
  code: z.string().meta({
    description:
      "The gateway's decision code (`rate_limited`, `quota_exceeded`, `no_access`, …), or `http_<status>` for usage posted by a gateway enforcing on its own.",
    example: "rate_limited",
  }),
  status: z
    .int()
    .nullable()
    .meta({ description: "The HTTP status the code is answered with.", example: 429 }),
};

export const usageRefusalsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    api_id: z.string().nullable(),
    codes: z
      .array(z.object({ ...refusalCode, refusals: z.int() }))
      .meta({ description: "Every code of the range, most refusals first." }),
    data: z
      .array(
        z.object({
          day: z.string().meta({ example: "2026-11-26" }),
          code: refusalCode.code,
          refusals: z.int(),
        }),
      )
      .meta({
        description: "Refusals per UTC day and code; days and codes without any are left out.",
      }),
  })
  .meta({ id: "UsageRefusals" });

const tag = "Usage";

const csvOperation = (() => {
  const op = operation({
    operationId: "exportUsageCsv",
    summary: "Export usage as CSV",
    description:
      "The same rows as `GET /api/v1/usage` for any range, in one streamed `text/csv` file (RFC 4180, header row, UTF-8). `group_by` defaults to every dimension: one row per day, developer, key and API. Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) are prefixed with `'`.",
    tag,
    method: "get",
    query: usageCsvQuery.in,
    ok: { description: "The CSV file.", schema: z.string() },
  });
  const ok = op.responses?.["200"];
  if (ok && "content" in ok)
    ok.content = {
      "text/csv": {
        schema: z.string().meta({ example: "day,requests,successes,errors\n2026-11-26,42,40,2\n" }),
      },
    };
  return op;
})();

export const usageSpec: SpecModule = {
  tag: {
    name: tag,
    description:
      "Calls decided by the gateways, from the daily rollups (UTC days): by developer, key, API and day, as JSON pages or CSV.",
  },
  paths: {
    "/api/v1/usage": {
      get: operation({
        operationId: "getUsage",
        summary: "Usage by day, developer, key or API",
        description:
          "Sums of the daily rollups over `from`…`to` (inclusive UTC days; default the last 30), grouped by `group_by` (default `day`), optionally for one developer, key or API. Rows are ordered by the grouped fields; `totals` covers every page.",
        tag,
        method: "get",
        query: usageQuery.in,
        ok: { description: "A page of usage rows.", schema: usagePageSchema },
      }),
    },
    "/api/v1/usage/csv": { get: csvOperation },
    "/api/v1/usage/refusals": {
      get: operation({
        operationId: "getUsageRefusals",
        summary: "Refused calls by code",
        description:
          "Why the gateways refused calls over `from`…`to` (inclusive UTC days; default the last 30, at most 366), per day and refusal code, optionally for one API. The codes add up to `errors` of `GET /api/v1/usage` for the same range.",
        tag,
        method: "get",
        query: usageRefusalsQuery.in,
        ok: { description: "Refusals by code.", schema: usageRefusalsSchema },
      }),
    },
  },
};
