import type { Cookie, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { gotoHydrated, waitForHydration } from "../helpers/browser";
import { DEMO, type E2E, expectAccessible, pathOf, useE2E, waitForPath } from "../helpers/e2e";
import {
  accountMenu,
  expectAccessibleAtBothWidths,
  loginAdmin,
  loginDeveloper,
  newLoggedInDeveloper,
  ORG,
  settle,
} from "../helpers/portal-e2e";

/**
 * R-SEC-SESSIONS in the browser, against `next start`: logout ends the session on the server (a
 * copied cookie is refused), the Sessions lists end other sessions, an admin ends a developer's
 * sessions, and a short idle timeout logs a developer out.
 */

/** A fresh browser (own context) carrying cookies copied from another one. */
async function replay(e2e: E2E, cookies: Cookie[]): Promise<Page> {
  const page = await e2e.newPage();
  await page.context().addCookies(cookies);
  return page;
}

/** Where a visit to `path` ends (after any redirect). */
async function landing(page: Page, e2e: E2E, path: string): Promise<string> {
  await page.goto(e2e.url(path));
  return pathOf(page);
}

const sessionItems = (page: Page) =>
  page.getByRole("list", { name: "Active sessions" }).getByTestId("session");

describe("R-SEC-SESSIONS: logout, Sessions lists, ending sessions", () => {
  const e2e = useE2E({ seed: true });

  it("R-SEC-SESSIONS: a developer's cookie copied before logout opens the dashboard until logout, and never after", async () => {
    const page = await e2e.newPage();
    await loginDeveloper(page, e2e, DEMO.developer.email, DEMO.developer.password);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toContain("authjs.session-token");

    // The copy works while the session lives (so the refusal below is the logout's doing).
    const thief = await replay(e2e, cookies);
    expect(await landing(thief, e2e, `/${ORG}/dashboard`)).toBe(`/${ORG}/dashboard`);

    await accountMenu(page, DEMO.developer.email, "Log out");
    await waitForPath(page, `/${ORG}/login`);

    expect(await landing(thief, e2e, `/${ORG}/dashboard`)).toBe(`/${ORG}/login`);
    expect(await landing(await replay(e2e, cookies), e2e, `/${ORG}/account`)).toBe(`/${ORG}/login`);
  });

  it("R-SEC-SESSIONS: an admin's cookie copied before logout is refused after logout (/admin/developers)", async () => {
    const page = await e2e.newPage();
    await loginAdmin(page, e2e);
    const cookies = await page.context().cookies();
    const thief = await replay(e2e, cookies);
    expect(await landing(thief, e2e, "/admin/developers")).toBe("/admin/developers");

    await page.getByRole("button", { name: "Log out" }).click();
    await waitForPath(page, "/admin/login");

    expect(await landing(thief, e2e, "/admin/developers")).toBe("/admin/login");
  });

  it("R-SEC-SESSIONS: Edit profile lists both browsers of a developer; Log out on the other one sends that browser to login", async () => {
    const { page, email, password } = await newLoggedInDeveloper(e2e, "sessions");
    const other = await e2e.newPage();
    await loginDeveloper(other, e2e, email, password);

    await gotoHydrated(page, e2e.url(`/${ORG}/account`));
    const items = sessionItems(page);
    await expect(items.count()).resolves.toBe(2);
    const current = items.filter({ hasText: "This device" });
    await expect(current.count()).resolves.toBe(1);
    await expect(current.textContent()).resolves.toMatch(/Chrome on Linux/);
    await expect(current.getByRole("button", { name: /Log out/ }).count()).resolves.toBe(0);
    await expectAccessible(page, "Edit profile with two sessions");

    await items
      .filter({ hasNotText: "This device" })
      .getByRole("button", { name: /^Log out Headless Chrome|^Log out Chrome/ })
      .click();
    await page.getByText("Session logged out.").waitFor();
    await page.getByText("You are not logged in anywhere else.").waitFor();
    await expect.poll(() => items.count()).toBe(1);
    await settle(page);
    await expectAccessible(page, "Edit profile after logging out the other session");

    expect(await landing(other, e2e, `/${ORG}/dashboard`)).toBe(`/${ORG}/login`);
    expect(await landing(page, e2e, `/${ORG}/dashboard`)).toBe(`/${ORG}/dashboard`);
  });

  it("R-SEC-SESSIONS: Log out everywhere else ends every other session of the developer", async () => {
    const { page, email, password } = await newLoggedInDeveloper(e2e, "everywhere");
    const [second, third] = [await e2e.newPage(), await e2e.newPage()];
    await loginDeveloper(second, e2e, email, password);
    await loginDeveloper(third, e2e, email, password);

    await gotoHydrated(page, e2e.url(`/${ORG}/account`));
    await expect(sessionItems(page).count()).resolves.toBe(3);
    await page.getByRole("button", { name: "Log out everywhere else" }).click();
    await page.getByText("2 other sessions logged out.").waitFor();
    await expect.poll(() => sessionItems(page).count()).toBe(1);

    for (const p of [second, third])
      expect(await landing(p, e2e, `/${ORG}/keys`)).toBe(`/${ORG}/login`);
    expect(await landing(page, e2e, `/${ORG}/keys`)).toBe(`/${ORG}/keys`);
  });

  it("R-SEC-SESSIONS: an admin ends all of a developer's sessions from the developer's profile", async () => {
    const { page: dev, email } = await newLoggedInDeveloper(e2e, "ended");
    const admin = await e2e.newPage();
    await loginAdmin(admin, e2e);
    await gotoHydrated(admin, e2e.url(`/admin/developers?q=${encodeURIComponent(email)}`));
    await admin
      .getByRole("table", { name: "Developers" })
      .getByRole("link", { name: email, exact: true })
      .click();
    await admin.waitForURL((u) => /^\/admin\/developers\/dev_[A-Za-z0-9]+$/.test(u.pathname));
    await waitForHydration(admin);

    const listed = admin
      .getByRole("list", { name: "Active sessions of this developer" })
      .getByTestId("developer-session");
    await expect(listed.count()).resolves.toBe(1);
    await expectAccessible(admin, "Developer profile with a session");

    await admin.getByRole("button", { name: "End all sessions" }).click();
    await admin.getByText("1 session ended.").waitFor();
    await admin.getByText("This developer is not logged in anywhere.").waitFor();
    await settle(admin);
    await expectAccessible(admin, "Developer profile without sessions");

    expect(await landing(dev, e2e, `/${ORG}/dashboard`)).toBe(`/${ORG}/login`);
  });

  it("R-SEC-SESSIONS: the console's Account page lists the admin's sessions; Log out everywhere else logs the other browser out", async () => {
    const page = await e2e.newPage();
    await loginAdmin(page, e2e);
    const other = await e2e.newPage();
    await loginAdmin(other, e2e);

    await page.getByRole("link", { name: "Account", exact: true }).click();
    await waitForPath(page, "/admin/account");
    await page.getByRole("heading", { name: "Account", level: 1 }).waitFor();
    await expect.poll(() => sessionItems(page).count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, "Admin Account page");

    await page.getByRole("button", { name: "Log out everywhere else" }).click();
    await page.getByText(/other sessions? logged out\./).waitFor();
    await expect.poll(() => sessionItems(page).count()).toBe(1);
    expect(await landing(other, e2e, "/admin/developers")).toBe("/admin/login");
    expect(await landing(page, e2e, "/admin/developers")).toBe("/admin/developers");
  });

  it("R-SEC-SESSIONS: Edit profile and the Account page are axe-clean at 1280 and 375 px", async () => {
    await expectAccessibleAtBothWidths(e2e, `/${ORG}/account`, "Edit profile", (p) =>
      loginDeveloper(p, e2e, DEMO.developer.email, DEMO.developer.password),
    );
    await expectAccessibleAtBothWidths(e2e, "/admin/account", "Admin Account", (p) =>
      loginAdmin(p, e2e),
    );
  });
});

describe("R-SEC-SESSIONS: idle timeout (SESSION_IDLE_SECONDS_DEVELOPER=6)", () => {
  const e2e = useE2E({ seed: true, env: { SESSION_IDLE_SECONDS_DEVELOPER: "6" } });

  it("R-SEC-SESSIONS: a developer who is active stays logged in; after 6 s without a request the session is over", async () => {
    const page = await e2e.newPage();
    await loginDeveloper(page, e2e, DEMO.developer.email, DEMO.developer.password);
    // Requests about a second apart keep it alive well past the idle timeout (a slow page load
    // on a busy machine must not count as idleness, hence the margin).
    for (let i = 0; i < 6; i++) {
      await page.waitForTimeout(1000);
      expect(await landing(page, e2e, `/${ORG}/keys`)).toBe(`/${ORG}/keys`);
    }
    // Nothing open that could prefetch or poll while we wait.
    await page.goto("about:blank");
    await page.waitForTimeout(7000);
    expect(await landing(page, e2e, `/${ORG}/dashboard`)).toBe(`/${ORG}/login`);
  });
});
