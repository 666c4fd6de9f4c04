/**
 * A Postgres array literal of strings or numbers, for one parameter cast to an array type
 * (`${arrayLiteral(xs)}::text[]`): a batch of any size in one short, constant statement. A literal
 * (not a JS array) reads the same through postgres.js and PGlite, whatever array serializers the
 * driver has registered. Strings are quoted and escaped (\\ and "), so any text arrives as it was
 * (tested with fast-check in tests/integration/gateway-usage.test.ts).
 */
export function arrayLiteral(values: Array<string | number>): string {
  return `{${values
    .map((v) => (typeof v === "number" ? String(v) : `"${v.replace(/[\\"]/g, "\\$&")}"`))
    .join(",")}}`;
}
