import { env } from "@/lib/env";

/**
 * Absolute base URL for links in emails (reset, invitation, verification, Generate key):
 * APP_URL, always (R-SEC-LINKS). Never the request's Host or X-Forwarded-Host: a request that
 * names another host must not get a link to that host emailed to someone.
 * Async so callers need not change if the source ever needs I/O.
 */
export async function appBaseUrl(): Promise<string> {
  return appUrl();
}

/** The same, synchronously: APP_URL without a trailing slash. */
export function appUrl(): string {
  return env().APP_URL.replace(/\/$/, "");
}
