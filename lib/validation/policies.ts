import { z } from "zod";
import { recordName } from "./apis";
import type { RowIssue } from "./field-definitions";
import { idField } from "./ids";
import { singleLineText, textProblem } from "./text";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const RENEWAL_PRESETS = [
  { seconds: 3600, label: "Every hour" },
  { seconds: 86400, label: "Every day" },
  { seconds: 7 * 86400, label: "Every 7 days" },
  { seconds: 30 * 86400, label: "Every 30 days" },
] as const;
const YEAR = 365 * 86400;
const MAX_INT = 2_147_483_647;

export type AccessRight = { apiId: string; allowedMethods: string[]; allowedPaths: string[] };

const checkbox = z
  .enum(["on"])
  .optional()
  .transform((v) => v === "on");

/** A whole number typed into a form, with messages a person understands. */
function wholeNumber(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(1, "Enter a number.")
    .regex(/^\d+$/, "Enter a whole number, like 100.")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `At least ${min.toLocaleString("en-GB")}.`)
        .max(max, `At most ${max.toLocaleString("en-GB")}.`),
    );
}

function str(v: unknown): string {
  return typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : "";
}
function strs(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === "string")
    : typeof v === "string"
      ? [v]
      : [];
}

/**
 * Access rights posted as `access.<apiId>.granted|methods|paths`. Paths are prefixes of the full
 * request path, one per line. API ids (and that paths lie under the API) are checked later.
 */
export function parseAccessRows(raw: Record<string, unknown>): {
  access: AccessRight[];
  issues: RowIssue[];
} {
  const byApi = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(raw)) {
    const m = /^access\.([A-Za-z0-9_-]{1,100})\.(granted|methods|paths)$/.exec(name);
    if (!m?.[1] || !m[2]) continue;
    const row = byApi.get(m[1]) ?? {};
    row[m[2]] = value;
    byApi.set(m[1], row);
  }
  const access: AccessRight[] = [];
  const issues: RowIssue[] = [];
  for (const [apiId, row] of byApi) {
    if (str(row.granted) !== "on") continue;
    const methods = strs(row.methods).map((m) => m.toUpperCase());
    const bad = methods.filter((m) => !(HTTP_METHODS as readonly string[]).includes(m));
    if (bad.length)
      issues.push({
        path: `access.${apiId}.methods`,
        message: `Unknown method: ${bad.join(", ")}.`,
      });
    const paths = [
      ...new Set(
        str(row.paths)
          .split(/\r?\n/)
          .map((p) => p.trim())
          .filter(Boolean),
      ),
    ];
    const badPath = paths.find((p) => !p.startsWith("/") || /[\s?#]/.test(p) || p.length > 200);
    const pathsProblem = textProblem(str(row.paths), "multi");
    if (pathsProblem) issues.push({ path: `access.${apiId}.paths`, message: pathsProblem });
    else if (badPath)
      issues.push({
        path: `access.${apiId}.paths`,
        message: `"${badPath.slice(0, 40)}" is not a path prefix: start each line with "/", no spaces, ? or #.`,
      });
    else if (paths.length > 50)
      issues.push({ path: `access.${apiId}.paths`, message: "At most 50 path prefixes." });
    access.push({
      apiId,
      allowedMethods: [...new Set(methods)].sort(),
      allowedPaths: paths.sort(),
    });
  }
  return { access, issues };
}

export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

const policyShape = {
  name: recordName,
  rate: wholeNumber(1, 1_000_000_000),
  per: wholeNumber(1, YEAR),
  quotaUnlimited: checkbox,
  quotaMax: z.string().default(""),
  quotaRenewal: z.string().default(""),
  quotaRenewalCustom: z.string().default(""),
  keyExpiryDays: z.string().default(""),
  isInactive: checkbox,
  allowOauth: checkbox,
  tags: singleLineText().max(1000, "At most 1000 characters.").default(""),
};

type RefineCtx = { addIssue: (issue: { code: "custom"; path: string[]; message: string }) => void };

/** Fields whose rules depend on others (quota max unless unlimited, custom renewal), plus access rows. */
function checkDependent(raw: Record<string, unknown>, ctx: RefineCtx) {
  const fail = (path: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  const check = (path: string, schema: z.ZodType, value: string) => {
    const r = schema.safeParse(value);
    if (!r.success) fail(path, r.error.issues[0]?.message ?? "Invalid value.");
  };
  // Runs on the parsed object (checkbox already a boolean) or, when other fields failed, on raw input.
  const unlimited = raw.quotaUnlimited === true || raw.quotaUnlimited === "on";
  if (!unlimited) check("quotaMax", wholeNumber(1, MAX_INT), str(raw.quotaMax));
  const renewal = str(raw.quotaRenewal);
  if (renewal === "custom")
    check("quotaRenewalCustom", wholeNumber(1, 10 * YEAR), str(raw.quotaRenewalCustom));
  else if (!RENEWAL_PRESETS.some((p) => String(p.seconds) === renewal))
    fail("quotaRenewal", "Choose how often the quota renews.");
  if (str(raw.keyExpiryDays).trim())
    check("keyExpiryDays", wholeNumber(1, 3650), str(raw.keyExpiryDays));
  const tags = parseTags(str(raw.tags));
  if (tags.length > 20 || tags.some((t) => t.length > 40))
    fail("tags", "At most 20 tags of 40 characters each.");
  for (const issue of parseAccessRows(raw).issues) fail(issue.path, issue.message);
}

export type PolicyInput = {
  name: string;
  rate: number;
  per: number;
  quotaMax: number;
  quotaRenewalSeconds: number;
  keyExpiresInSeconds: number | null;
  isInactive: boolean;
  allowOauth: boolean;
  tags: string[];
  access: AccessRight[];
};

function toInput(
  v: z.output<z.ZodObject<typeof policyShape>> & Record<string, unknown>,
): PolicyInput {
  const days = v.keyExpiryDays.trim();
  return {
    name: v.name,
    rate: v.rate,
    per: v.per,
    quotaMax: v.quotaUnlimited ? -1 : Number(v.quotaMax.trim()),
    quotaRenewalSeconds: Number(
      v.quotaRenewal === "custom" ? v.quotaRenewalCustom.trim() : v.quotaRenewal,
    ),
    keyExpiresInSeconds: days ? Number(days) * 86400 : null,
    isInactive: v.isInactive,
    allowOauth: v.allowOauth,
    tags: parseTags(v.tags),
    access: parseAccessRows(v).access,
  };
}

export const createPolicySchema = z
  .looseObject(policyShape)
  .superRefine((v, ctx) => checkDependent(v, ctx), { when: () => true })
  .transform(toInput);

export const updatePolicySchema = z
  .looseObject({ id: idField("pol"), ...policyShape })
  .superRefine((v, ctx) => checkDependent(v, ctx), { when: () => true })
  .transform((v) => ({ id: v.id, ...toInput(v) }));
