import { z } from "zod";
import { KEY_REQUEST_MODES } from "./catalog";
import { PASSWORD_FLOOR } from "./common";
import { parseFieldRows } from "./field-definitions";
import { nameText, singleLineText } from "./text";

export const SIGNUP_PREFIX = "signup";

const checkbox = z
  .enum(["on"])
  .optional()
  .transform((v) => v === "on");

/**
 * The sender of the portal's emails: `Name <email>` or a bare address; blank = the install's
 * EMAIL_FROM. Returned normalised as `Name <email>` (or the bare address).
 */
export function parseEmailSender(text: string): string | null | undefined {
  const v = text.trim();
  if (!v) return null;
  const m = /^(?:"?([^"<>]*?)"?\s*)?<([^<>\s]+)>$/.exec(v);
  const name = m ? (m[1] ?? "").trim() : "";
  const address = m ? (m[2] ?? "") : v;
  if (!z.email().safeParse(address).success || /[\r\n]/.test(name)) return undefined;
  return name ? `${name} <${address}>` : address;
}

const settingsShape = {
  // Not "minPasswordLength": the action wrapper never echoes fields named like passwords back.
  minLength: z
    .string()
    .trim()
    .regex(/^\d+$/, "Enter a whole number, like 8.")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(PASSWORD_FLOOR, `At least ${PASSWORD_FLOOR}: no portal allows shorter passwords.`)
        .max(128, "At most 128."),
    ),
  requireEmailVerification: checkbox,
  keyRequestMode: z.enum(KEY_REQUEST_MODES, "Choose how key requests are approved."),
  keyRequestRedirectUrl: singleLineText().trim().max(2000, "At most 2000 characters.").default(""),
  secureKeyApproval: checkbox,
  emailFrom: nameText().max(300, "At most 300 characters.").default(""),
  // R-QUOTA-ALERTS: "80, 100" → [80, 100].
  quotaAlertThresholds: z
    .string()
    .max(100, "At most 100 characters.")
    .default("80, 100")
    .transform((v, ctx) => {
      const parts = v.split(/[\s,;%]+/).filter(Boolean);
      const numbers = parts.map(Number);
      if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > 100) || numbers.length > 5) {
        ctx.addIssue({
          code: "custom",
          message: "Whole percentages from 1 to 100, at most five, e.g. 80, 100. Empty: no alerts.",
        });
        return z.NEVER;
      }
      return [...new Set(numbers)].sort((a, b) => a - b);
    }),
};

type Ctx = { addIssue: (i: { code: "custom"; path: string[]; message: string }) => void };

function checkDependent(raw: Record<string, unknown>, ctx: Ctx) {
  const fail = (path: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  const url = typeof raw.keyRequestRedirectUrl === "string" ? raw.keyRequestRedirectUrl.trim() : "";
  if (url && !z.url({ protocol: /^https?$/ }).safeParse(url).success)
    fail(
      "keyRequestRedirectUrl",
      "Enter a full http(s) URL, like https://example.com/request-access.",
    );
  else if (!url && raw.keyRequestMode === "redirect")
    fail(
      "keyRequestRedirectUrl",
      "Enter the page developers are sent to: the Redirect mode needs it.",
    );
  if (parseEmailSender(typeof raw.emailFrom === "string" ? raw.emailFrom : "") === undefined)
    fail("emailFrom", 'Enter "Name <email@example.com>" or just an email address.');
  for (const issue of parseFieldRows(raw, SIGNUP_PREFIX).issues) fail(issue.path, issue.message);
}

export const portalSettingsSchema = z
  .looseObject(settingsShape)
  .superRefine((v, ctx) => checkDependent(v, ctx), { when: () => true })
  .transform((v) => ({
    signupFields: parseFieldRows(v, SIGNUP_PREFIX).fields,
    minPasswordLength: v.minLength,
    requireEmailVerification: v.requireEmailVerification,
    keyRequestMode: v.keyRequestMode,
    keyRequestRedirectUrl: v.keyRequestRedirectUrl || null,
    // Secure approval only means something when an admin approves; anything else turns it off.
    secureKeyApproval: v.keyRequestMode === "admin" && v.secureKeyApproval,
    emailFrom: parseEmailSender(v.emailFrom) ?? null,
    quotaAlertThresholds: v.quotaAlertThresholds,
  }));

export type PortalSettingsInput = z.output<typeof portalSettingsSchema>;
