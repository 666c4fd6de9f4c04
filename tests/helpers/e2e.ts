import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import {
  checkA11y,
  clientAddressOf,
  DESKTOP,
  formatViolations,
  gotoHydrated,
  launchBrowser,
  openPage,
  screenshot,
  waitForHydration,
} from "./browser";
import { startServer, type TestServer } from "./server";

/** The demo organisation's logins: the seed's own constants, never re-typed. */
export { DEMO } from "@/lib/seed";

export type E2E = {
  server: () => TestServer;
  /** Absolute URL on the server under test. */
  url: (pathname: string) => string;
  /** A new page in its own browser context (own cookies); closed after the test. */
  newPage: (viewport?: { width: number; height: number }) => Promise<Page>;
};

/**
 * Per test file: one server (its own database) and one browser for all tests; a fresh browser
 * context per newPage(). Failed tests leave a screenshot of every page they opened in test-results/.
 */
export function useE2E({ seed, env }: { seed: boolean; env?: Record<string, string> }): E2E {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let open: Array<{ context: BrowserContext; page: Page }> = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ seed, env: { TRUSTED_PROXY_HOPS: "1", ...env } }),
      launchBrowser(),
    ]);
  });

  afterEach(async (ctx) => {
    // Not for `it.fails` (a known bug, expected to fail): nothing to investigate there.
    const failed = ctx.task.result?.state === "fail" && !ctx.task.fails;
    for (const [i, { context, page }] of open.entries()) {
      if (failed) {
        const file = await screenshot(
          page,
          `${ctx.task.name}${open.length > 1 ? `-${i + 1}` : ""}`,
        );
        if (file) console.error(`Screenshot of ${page.url()}: ${file}`);
      }
      await context.close().catch(() => undefined);
    }
    if (failed && server)
      console.error(`--- server output (last 4000 chars) ---\n${server.output().slice(-4000)}`);
    open = [];
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} did not start (see beforeAll)`);
    return value;
  };

  return {
    server: () => need(server, "server"),
    url: (pathname) => `${need(server, "server").baseUrl}${pathname}`,
    newPage: async (viewport = DESKTOP) => {
      const opened = await openPage(need(browser, "browser"), viewport);
      open.push(opened);
      return opened.page;
    },
  };
}

/** Asserts that axe finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await checkA11y(page);
  expect(violations, formatViolations(`${where} (${page.url()})`, violations)).toEqual([]);
}

/** Waits for a client-side or full navigation to the given path (query string ignored). */
export async function waitForPath(page: Page, pathname: string): Promise<void> {
  await page.waitForURL((u) => u.pathname === pathname);
  await waitForHydration(page);
}

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

export async function login(
  page: Page,
  loginUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await gotoHydrated(page, loginUrl);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/**
 * Logs a page's browser context in without the login form, through next-auth's own endpoints as
 * the form's server action does (its CSRF token, then the credentials callback), from the
 * context's client address and with the browser's user agent (the session list names the
 * device from it); the session cookie goes into the context. For tests whose subject is not the
 * login form — the forms themselves are still typed into where the login is what a test is about
 * (admin-console, admin-team, portal-auth, setup, keyboard, mailbox-redaction, …): a login
 * through the form costs a page load, its hydration and a navigation, about two seconds on a busy
 * 2-core machine. Fails with the callback's error.
 */
export async function apiLogin(
  page: Page,
  baseUrl: string,
  provider: "admin" | "developer",
  fields: Record<string, string>,
): Promise<void> {
  const context = page.context();
  const headers: Record<string, string> = {
    "user-agent": await page.evaluate(() => navigator.userAgent),
  };
  const address = clientAddressOf(context);
  if (address) headers["x-forwarded-for"] = address;
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  const res = await fetch(`${baseUrl}/api/auth/callback/${provider}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      ...headers,
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrfCookies.join("; "),
    },
    body: new URLSearchParams({ ...fields, csrfToken, callbackUrl: baseUrl }),
  });
  await res.arrayBuffer();
  const location = res.headers.get("location") ?? "";
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (res.status !== 302 || !session || /[?&]error=/.test(location))
    throw new Error(`${provider} login of ${fields.email} refused: ${res.status} → ${location}`);
  const eq = session.indexOf("=");
  await context.addCookies([
    {
      name: session.slice(0, eq),
      value: session.slice(eq + 1),
      url: baseUrl,
      httpOnly: true,
      sameSite: "Lax",
    },
  ]);
}

/** A unique, valid email address for this run (mixed case, to exercise lower-casing). */
export function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@Example.COM`;
}
