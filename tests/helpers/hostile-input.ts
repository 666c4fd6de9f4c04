import { count, eq } from "drizzle-orm";
import fc from "fast-check";
import type { Db } from "@/db";
import * as s from "@/db/schema";

/**
 * Hostile input for the R-SEC-BAD-INPUT property tests: strings mixing ordinary text with NUL,
 * C0/C1 controls, DEL, bidi overrides and isolates, lone surrogates, line breaks, and now and
 * then a 1 MB value; for JSON bodies, values of the wrong type too.
 */

export const NASTY_CHARS = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\t",
  "\n",
  "\r",
  "\u000b",
  "\u001b",
  "\u001f",
  "\u007f",
  "\u0080",
  "\u0085",
  "\u009f",
  "\u202a",
  "\u202e",
  "\u2066",
  "\u2069",
  "\ud800",
  "\udfff",
  "\ufeff",
  "%00",
  "%zz",
] as const;

const plain = fc.constantFrom("a", "Z", "é", "名", "😀", " ", "-", "@", ".", "0");
const nasty = fc.constantFrom(...NASTY_CHARS);
const anyUnit = fc.oneof(
  { weight: 4, arbitrary: plain },
  { weight: 3, arbitrary: nasty },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);

export const MEGABYTE = "x".repeat(1024 * 1024);

/** A string that is usually hostile (at least one nasty character), sometimes 1 MB long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.string({ unit: plain, maxLength: 12 }),
        nasty,
        fc.string({ unit: anyUnit, maxLength: 12 }),
      )
      .map((parts) => parts.join("")),
  },
  { weight: 2, arbitrary: fc.string({ unit: anyUnit, minLength: 1, maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constant(MEGABYTE) },
  { weight: 1, arbitrary: nasty.map((c) => `${MEGABYTE}${c}`) },
);

/** For text fields: the hostile string, or (a third of the time) a plain valid value. */
export function textOr(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constant(valid) },
  );
}

/** A JSON value of a type no text field takes. */
export const wrongJsonType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** For JSON bodies: a hostile string or a value of the wrong type. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongJsonType },
);

/** One field of a JSON body: absent, right, hostile text, or the wrong type. */
export function jsonField<T>(valid: T): fc.Arbitrary<T | unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constant(valid) },
    { weight: 4, arbitrary: hostileString },
    { weight: 1, arbitrary: wrongJsonType },
  );
}

/**
 * A valid input with one or two of its fields replaced by a hostile value: everything else
 * passes, so the hostile value reaches as deep as it can (the database included).
 */
export function withHostileFields<T extends Record<string, unknown>>(
  valid: T,
  fields: readonly (keyof T & string)[],
  value: fc.Arbitrary<unknown> = hostileString,
): fc.Arbitrary<T & Record<string, unknown>> {
  const one = fc.tuple(fc.constantFrom(...fields), value);
  return fc.tuple(one, fc.option(one, { nil: undefined })).map(([[f1, v1], second]) => ({
    ...valid,
    [f1]: v1,
    ...(second ? { [second[0]]: second[1] } : {}),
  }));
}

/** Property runs: modest, so the suite stays quick on two shared cores. */
export const RUNS = { numRuns: 30 } as const;

/** True when the text holds anything the text helpers refuse (tab and line breaks aside). */
export function hasForbiddenControl(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text) || !text.isWellFormed();
}

/** Every string inside a value (deep), for checking what was stored. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.values(value).flatMap(stringsIn);
  return [];
}

const TABLES = {
  developers: s.developers,
  keys: s.keys,
  keyRequests: s.keyRequests,
  auditLog: s.auditLog,
  emailOutbox: s.emailOutbox,
  authTokens: s.authTokens,
  webhookDeliveries: s.webhookDeliveries,
  usageHourly: s.usageHourly,
  usageBatches: s.usageBatches,
} as const;
export type RowCounts = Record<keyof typeof TABLES, number>;

/** Rows of one organisation in every table a public form or API body can write to. */
export async function rowCounts(db: Db, orgId: string): Promise<RowCounts> {
  const entries = await Promise.all(
    Object.entries(TABLES).map(async ([name, table]) => {
      const [row] = await db.select({ n: count() }).from(table).where(eq(table.orgId, orgId));
      return [name, row?.n ?? 0] as const;
    }),
  );
  return Object.fromEntries(entries) as RowCounts;
}

/** Next's redirect() throws this; after a successful action it is the expected outcome. */
export function isRedirect(err: unknown): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    "digest" in err &&
    typeof err.digest === "string" &&
    err.digest.startsWith("NEXT_REDIRECT")
  );
}

export function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}
