import type { Page } from "playwright-core";
import { expect } from "vitest";
import { checkA11y, DESKTOP, formatViolations, gotoHydrated, MOBILE } from "./browser";
import { apiLogin, DEMO, type E2E, waitForPath } from "./e2e";

/**
 * Browser steps shared by the developer-portal and key-request e2e tests.
 * Emails are read from the admin console's Mailbox (the real outbox), never mocked.
 */

export const ORG = DEMO.orgSlug;
export const VIEWPORTS = [
  { name: "1280 px", size: DESKTOP },
  { name: "375 px", size: MOBILE },
] as const;

/**
 * A developer of the demo organisation logged in (apiLogin: not through the form, which
 * portal-auth and keyboard test), on their dashboard.
 */
export async function loginDeveloper(
  page: Page,
  e2e: E2E,
  email: string,
  password: string,
): Promise<void> {
  await apiLogin(page, e2e.server().baseUrl, "developer", { org: ORG, email, password });
  await gotoHydrated(page, e2e.url(`/${ORG}/dashboard`));
  await waitForPath(page, `/${ORG}/dashboard`);
}

/** The demo admin logged in (apiLogin: not through the form, which admin-console tests), on /admin. */
export async function loginAdmin(page: Page, e2e: E2E): Promise<void> {
  await apiLogin(page, e2e.server().baseUrl, "admin", {
    email: DEMO.admin.email,
    password: DEMO.admin.password,
  });
  await gotoHydrated(page, e2e.url("/admin"));
  await waitForPath(page, "/admin");
}

/** Signs a new developer up through the portal's form (the demo's custom fields are optional). */
export async function signUp(
  page: Page,
  e2e: E2E,
  values: { name: string; email: string; password: string },
): Promise<void> {
  await gotoHydrated(page, e2e.url(`/${ORG}/signup`));
  await page.getByLabel("Name", { exact: true }).fill(values.name);
  await page.getByLabel("Email", { exact: true }).fill(values.email);
  await page.getByLabel("Password", { exact: true }).fill(values.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, `/${ORG}/login`);
}

/** A new developer account, logged in on a fresh page; returns its page and email (lower case). */
export async function newLoggedInDeveloper(
  e2e: E2E,
  prefix: string,
  password = "correct-horse-battery",
): Promise<{ page: Page; email: string; password: string }> {
  const email = `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
  const page = await e2e.newPage();
  await signUp(page, e2e, { name: `Dev ${prefix}`, email, password });
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await waitForPath(page, `/${ORG}/dashboard`);
  return { page, email, password };
}

export type MailMatch = { to: string; subject: string | RegExp };

/**
 * Opens the newest Mailbox email matching `to` and `subject` and returns its plain text.
 * Some emails are sent after the response (next/server `after()`): the list is reloaded until
 * the email is there.
 */
export async function readEmail(
  admin: Page,
  e2e: E2E,
  match: MailMatch,
  { timeoutMs = 20_000 } = {},
): Promise<{ subject: string; text: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await gotoHydrated(admin, e2e.url("/admin/mailbox"));
    const rows = admin
      .getByRole("table", { name: "Emails" })
      .locator("tbody tr")
      .filter({ hasText: match.to.toLowerCase() });
    const link = subjectLink(admin, match.subject);
    const row = rows.filter({ has: link }).first();
    if ((await row.count()) > 0) {
      await row
        .getByRole("link", { name: match.subject, exact: typeof match.subject === "string" })
        .click();
      await admin.waitForURL((u) => /^\/admin\/mailbox\/[^/]+$/.test(u.pathname));
      const subject = (await admin.getByTestId("email-subject").textContent()) ?? "";
      const text = (await admin.getByTestId("email-text").textContent()) ?? "";
      return { subject, text };
    }
    if (Date.now() > deadline)
      throw new Error(
        `no email to ${match.to} with subject ${String(match.subject)} in the Mailbox`,
      );
    await admin.waitForTimeout(500);
  }
}

/** How many Mailbox rows go to `to` with a subject matching. */
export async function countEmails(admin: Page, e2e: E2E, match: MailMatch): Promise<number> {
  await gotoHydrated(admin, e2e.url("/admin/mailbox"));
  return admin
    .getByRole("table", { name: "Emails" })
    .locator("tbody tr")
    .filter({ hasText: match.to.toLowerCase() })
    .filter({ has: subjectLink(admin, match.subject) })
    .count();
}

/** A subject given as a string matches exactly ("Your key for X" is not "Generate your key for X"). */
function subjectLink(admin: Page, subject: string | RegExp) {
  return admin.getByRole("link", { name: subject, exact: typeof subject === "string" });
}

/** The path of the first link in an email text that starts with `${baseUrl}${prefix}`. */
export function linkPath(text: string, prefix: string): string {
  const m = new RegExp(
    `https?://[^\\s/]+(${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[A-Za-z0-9]+)`,
  ).exec(text);
  if (!m?.[1]) throw new Error(`no link to ${prefix}… in:\n${text}`);
  return m[1];
}

export function gatehouseKeys(text: string): string[] {
  return text.match(/\bgh_[1-9A-HJ-NP-Za-km-z]{20,}/g) ?? [];
}

/**
 * Before axe after a form submission: the pointer leaves the button and its colour transition
 * (aria-disabled while pending → enabled) ends, so contrast is measured on the settled page.
 */
export async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForFunction(
    () =>
      !document.querySelector(
        'button[type="submit"][disabled], button[type="submit"][aria-disabled="true"]',
      ),
  );
  await page.waitForTimeout(400);
}

/** Opens the Account menu and picks an item. */
export async function accountMenu(
  page: Page,
  email: string,
  item: "Edit profile" | "Log out",
): Promise<void> {
  await page.getByRole("button", { name: `Account menu for ${email.toLowerCase()}` }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

/**
 * Axe at 1280 and 375 px on a path, plus no horizontal scrolling at 375 px. One page (logged in
 * through `prepare`) loads the path afresh at each width: a new context per width cost a second
 * login and a new renderer for nothing. Returns the problems found (empty when all is well), so a
 * test can check many screens and report every problem at once.
 */
export async function accessibilityProblems(
  e2e: E2E,
  path: string,
  where: string,
  prepare?: (page: Page) => Promise<void>,
): Promise<string[]> {
  const page = await e2e.newPage(VIEWPORTS[0].size);
  if (prepare) await prepare(page);
  return problemsAtBothWidths(page, e2e, path, where);
}

/** accessibilityProblems on a page the caller opened (and logged in), for several paths in a row. */
export async function problemsAtBothWidths(
  page: Page,
  e2e: E2E,
  path: string,
  where: string,
): Promise<string[]> {
  const problems: string[] = [];
  for (const v of VIEWPORTS) {
    await page.setViewportSize(v.size);
    await gotoHydrated(page, e2e.url(path));
    const landed = new URL(page.url()).pathname;
    if (landed !== path.split("?")[0]) {
      problems.push(`${where} (${v.name}): ended at ${landed}`);
      continue;
    }
    const violations = await checkA11y(page);
    if (violations.length)
      problems.push(formatViolations(`${where} (${v.name}, ${path})`, violations));
    if (v.size === MOBILE) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > MOBILE.width)
        problems.push(`${where} (${v.name}): ${width} px wide, scrolls sideways`);
    }
  }
  return problems;
}

export async function expectAccessibleAtBothWidths(
  e2e: E2E,
  path: string,
  where: string,
  prepare?: (page: Page) => Promise<void>,
): Promise<void> {
  const problems = await accessibilityProblems(e2e, path, where, prepare);
  expect(problems, problems.join("\n")).toEqual([]);
}
