import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectHidden, expectVisible, gotoHydrated, MOBILE } from "@/tests/helpers/browser";
import {
  DEMO,
  expectAccessible,
  login,
  pathOf,
  uniqueEmail,
  useE2E,
  waitForPath,
} from "@/tests/helpers/e2e";

const NAV = [
  "Overview",
  "Developers",
  "Keys",
  "Key requests",
  "Catalog",
  "Policies",
  "APIs",
  "Usage",
  "Webhooks",
  "API & gateway tokens",
  "Mailbox",
  "Audit log",
  "Settings",
  // Owners only (R-SEC-ADMINS); the demo admin is an owner.
  "Team",
  // The install operator only (R-ORG-CREATE); the demo admin is the install's first owner.
  "Organisations",
];
const WELCOME_SUBJECT = `Welcome to the ${DEMO.orgName} developer portal`;

describe("admin console (seeded demo organisation)", () => {
  const e2e = useE2E({ seed: true });

  async function loginAdmin(page: Page) {
    await login(page, e2e.url("/admin/login"), DEMO.admin.email, DEMO.admin.password);
    await waitForPath(page, "/admin");
  }

  async function signUpDeveloper(page: Page, name: string, email: string) {
    await gotoHydrated(page, e2e.url(`/${DEMO.orgSlug}/signup`));
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill("correct-horse-battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForPath(page, `/${DEMO.orgSlug}/login`);
  }

  it("R-ORG-SETUP: the admin console needs a session: /admin redirects to the login page", async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.url("/admin"));
    await waitForPath(page, "/admin/login");
    await expectVisible(page.getByRole("button", { name: "Log in" }));
    await expectAccessible(page, "admin login");
  });

  it("R-ORG-SETUP: a wrong password is refused with a message and keeps the typed email", async () => {
    const page = await e2e.newPage();
    await login(page, e2e.url("/admin/login"), DEMO.admin.email, "not-the-password");
    await page.getByText("Email or password is incorrect.").waitFor();
    expect(pathOf(page)).toBe("/admin/login");
    await expect(page.getByLabel("Email", { exact: true }).inputValue()).resolves.toBe(
      DEMO.admin.email,
    );
    await expect(page.getByLabel("Password", { exact: true }).inputValue()).resolves.toBe("");
    await expectAccessible(page, "admin login with error");
  });

  it("R-ORG-SETUP: the demo admin logs in and sees the Overview and every console section", async () => {
    const page = await e2e.newPage();
    await loginAdmin(page);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Overview");
    const nav = page.getByRole("navigation", { name: "Admin console" });
    // "Key requests" carries a pending-count badge (3 in the demo), read as "3 pending".
    const texts = await nav.getByRole("link").allTextContents();
    expect(texts.map((t) => t.replace(/\d+$/, ""))).toEqual(NAV);
    await expectVisible(nav.getByRole("link", { name: "Key requests 3 pending" }));
    await expect(
      nav.getByRole("link", { name: "Overview" }).getAttribute("aria-current"),
    ).resolves.toBe("page");
    await expectVisible(page.getByRole("banner").getByText(DEMO.admin.email));
    await expectVisible(page.getByRole("button", { name: "Log out" }));
    await expectAccessible(page, "admin overview (1280 px)");

    // Every section opens from the sidebar, with its own heading and the link marked current.
    for (const label of NAV.slice(1)) {
      const link = nav.getByRole("link", { name: new RegExp(`^${label}( \\d+ pending)?$`) });
      await link.click();
      await page.waitForFunction(
        (l) => document.querySelector("main h1")?.textContent === l,
        label,
      );
      await expect(link.getAttribute("aria-current")).resolves.toBe("page");
      expect(pathOf(page)).toMatch(/^\/admin\/[a-z-]+$/);
      await expectAccessible(page, `admin ${label} (1280 px)`);
    }
  });

  it("R-ORG-SETUP: logging out ends the admin session", async () => {
    const page = await e2e.newPage();
    await loginAdmin(page);
    await page.getByRole("button", { name: "Log out" }).click();
    await waitForPath(page, "/admin/login");
    await page.goto(e2e.url("/admin/mailbox"));
    await waitForPath(page, "/admin/login");
  });

  it("R-MAILBOX: signup emails are listed newest first and open with subject and plain text", async () => {
    const portal = await e2e.newPage();
    const first = uniqueEmail("mailbox-first");
    const second = uniqueEmail("mailbox-second");
    await signUpDeveloper(portal, "First Mailbox", first);
    await signUpDeveloper(portal, "Second Mailbox", second);

    const page = await e2e.newPage();
    await loginAdmin(page);
    await page
      .getByRole("navigation", { name: "Admin console" })
      .getByRole("link", { name: "Mailbox" })
      .click();
    await waitForPath(page, "/admin/mailbox");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Mailbox");
    await expectAccessible(page, "admin mailbox (1280 px)");

    const rows = page.getByRole("table", { name: "Emails" }).locator("tbody tr");
    const top = await rows.evaluateAll((trs) =>
      trs
        .slice(0, 2)
        .map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")),
    );
    expect(top.map(([subject, to]) => [subject, to])).toEqual([
      [WELCOME_SUBJECT, second.toLowerCase()],
      [WELCOME_SUBJECT, first.toLowerCase()],
    ]);

    await rows.first().getByRole("link", { name: WELCOME_SUBJECT }).click();
    await page.waitForURL((u) => /^\/admin\/mailbox\/[^/]+$/.test(u.pathname));
    await expect(page.getByTestId("email-subject").textContent()).resolves.toBe(WELCOME_SUBJECT);
    const text = (await page.getByTestId("email-text").textContent()) ?? "";
    expect(text).toContain(`/${DEMO.orgSlug}/login`);
    expect(text).toMatch(new RegExp(`https?://[^\\s]+/${DEMO.orgSlug}/login`));
    await expectVisible(page.getByText(second.toLowerCase(), { exact: true }));
    await expectAccessible(page, "admin mailbox email (1280 px)");
  });

  it("R-ORG-SETUP: at 375 px the console navigation sits behind a menu button and the screens stay accessible", async () => {
    const page = await e2e.newPage(MOBILE);
    await gotoHydrated(page, e2e.url("/admin/login"));
    await expectAccessible(page, "admin login (375 px)");
    await loginAdmin(page);
    await expectAccessible(page, "admin overview (375 px)");

    const nav = page.getByRole("navigation", { name: "Admin console" });
    await expectHidden(nav);
    const menu = page.getByRole("button", { name: "Open menu" });
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("false");
    await menu.click();
    await nav.waitFor({ state: "visible" });
    await expect(
      page.getByRole("button", { name: "Close menu" }).getAttribute("aria-expanded"),
    ).resolves.toBe("true");
    await expectAccessible(page, "admin overview with menu open (375 px)");

    await nav.getByRole("link", { name: "Mailbox" }).click();
    await waitForPath(page, "/admin/mailbox");
    await nav.waitFor({ state: "hidden" });
    // Nothing may force horizontal scrolling on a phone.
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth),
    ).resolves.toBeLessThanOrEqual(MOBILE.width);
    await expectAccessible(page, "admin mailbox (375 px)");
  });
});
