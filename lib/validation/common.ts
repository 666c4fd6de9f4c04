import { z } from "zod";
import { hasUnsafeText, singleLineText } from "./text";

export const RESERVED_SLUGS = new Set([
  "admin",
  "api",
  "setup",
  "_next",
  "static",
  "public",
  "login",
  "logout",
  "signup",
  "auth",
  "favicon.ico",
  "robots.txt",
  "sitemap.xml",
  "assets",
  "docs",
  "health",
  "cron",
  "gateway",
  "v1",
]);

export const emailField = singleLineText()
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email("Enter a valid email address, like name@example.com."))
  .transform((v) => v.toLowerCase());

export const slugField = z
  .string()
  .trim()
  .min(2, "At least 2 characters.")
  .max(40, "At most 40 characters.")
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    "Lower-case letters, digits and dashes; no dash at either end.",
  )
  .refine((s) => !RESERVED_SLUGS.has(s), "This name is reserved; choose another.");

/**
 * R-SEC-PASSWORDS: no password shorter than this, whatever an organisation set (an organisation
 * may raise it; one that had 6 now gets 8). The rules with the common-password list are
 * passwordField in ./password.ts (server-only); these numbers are safe for client forms.
 */
export const PASSWORD_FLOOR = 8;
export const PASSWORD_MAX = 128;

/** The minimum an organisation's forms use: its own setting, never below the floor. */
export function effectiveMinPasswordLength(orgMin: number): number {
  return Math.min(Math.max(orgMin, PASSWORD_FLOOR), PASSWORD_MAX);
}

/**
 * Only same-site relative paths may be redirect targets after login: "/…", never "//host" or
 * "/\host" (protocol-relative to browsers), no control characters. Non-ASCII is percent-encoded
 * like encodeURI (existing %XX escapes kept): a Location header is Latin-1, so a raw "é" comes
 * back as "Ã©" and anything beyond Latin-1 makes the header invalid. Anything else: `fallback`.
 * Run before signIn, so a bad target never follows a session cookie.
 */
export function safeNextPath(next: unknown, fallback: string): string {
  if (typeof next !== "string" || next.length > 2000) return fallback;
  if (!/^\/(?![/\\])/.test(next) || next.includes("\\") || hasUnsafeText(next)) return fallback;
  try {
    return encodeURI(next).replace(/%25([0-9A-Fa-f]{2})/g, "%$1");
  } catch {
    return fallback;
  }
}

/** The rules as forms state them (R-SEC-PASSWORDS). */
export function passwordRulesHint(min: number): string {
  return `At least ${effectiveMinPasswordLength(min)} characters, any you like; not a common or leaked password.`;
}
