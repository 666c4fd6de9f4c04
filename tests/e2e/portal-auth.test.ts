import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectVisible, gotoHydrated, MOBILE, waitForHydration } from "@/tests/helpers/browser";
import {
  DEMO,
  expectAccessible,
  login,
  pathOf,
  uniqueEmail,
  useE2E,
  waitForPath,
} from "@/tests/helpers/e2e";

const ORG = DEMO.orgSlug;
const WELCOME_SUBJECT = `Welcome to the ${DEMO.orgName} developer portal`;

describe("developer portal: signup, login, logout (seeded demo organisation)", () => {
  const e2e = useE2E({ seed: true });

  async function fillSignup(
    page: Page,
    values: { name: string; email: string; password: string; company?: string; useCase?: string },
  ) {
    await gotoHydrated(page, e2e.url(`/${ORG}/signup`));
    await page.getByLabel("Name", { exact: true }).fill(values.name);
    await page.getByLabel("Email", { exact: true }).fill(values.email);
    await page.getByLabel("Password", { exact: true }).fill(values.password);
    if (values.company)
      await page.getByLabel("Company (optional)", { exact: true }).fill(values.company);
    if (values.useCase)
      await page
        .getByLabel("Main use case (optional)", { exact: true })
        .selectOption(values.useCase);
  }

  async function expectLoggedOutAt(page: Page, pathname: string) {
    await page.goto(e2e.url(pathname));
    await waitForPath(page, `/${ORG}/login`);
  }

  it("R-PORTAL-SIGNUP: the signup form shows the organisation's fields and passes axe at 1280 and 375 px", async () => {
    for (const viewport of [undefined, MOBILE]) {
      const page = await e2e.newPage(viewport);
      await gotoHydrated(page, e2e.url(`/${ORG}/signup`));
      for (const label of [
        "Name",
        "Email",
        "Password",
        "Company (optional)",
        "Main use case (optional)",
      ]) {
        await expect(page.getByLabel(label, { exact: true }).isEditable(), label).resolves.toBe(
          true,
        );
      }
      await expect(page.getByRole("button", { name: "Create account" }).isEnabled()).resolves.toBe(
        true,
      );
      await expectAccessible(page, `portal signup (${viewport ? "375" : "1280"} px)`);
    }
  });

  it("R-PORTAL-SIGNUP: a too-short password gets a field error and the typed name and email are kept", async () => {
    const page = await e2e.newPage();
    const email = uniqueEmail("short-pw");
    await fillSignup(page, {
      name: "Short Password",
      email,
      password: "abc1234",
      company: "Initech",
    });
    await page.getByRole("button", { name: "Create account" }).click();

    const error = page.getByText("Use at least 8 characters.");
    await error.waitFor();
    expect(pathOf(page)).toBe(`/${ORG}/signup`);
    const password = page.getByLabel("Password", { exact: true });
    // The error is tied to the field for screen readers, and the field is marked invalid.
    await expect(password.getAttribute("aria-invalid")).resolves.toBe("true");
    const describedBy = (await password.getAttribute("aria-describedby")) ?? "";
    await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toContain(
      "Use at least 8 characters.",
    );
    await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe(
      "Short Password",
    );
    await expect(page.getByLabel("Email", { exact: true }).inputValue()).resolves.toBe(email);
    await expect(page.getByLabel("Company (optional)", { exact: true }).inputValue()).resolves.toBe(
      "Initech",
    );
    await expect(password.inputValue()).resolves.toBe("");
    await expectAccessible(page, "portal signup with errors");

    // No account was created: the address cannot log in.
    const check = await e2e.newPage();
    await login(check, e2e.url(`/${ORG}/login`), email, "abc1234");
    await check.getByText("Email or password is incorrect.").waitFor();
  });

  // React 19 resets a form after its action; the select is keyed by its value so the choice survives.
  it("R-PORTAL-SIGNUP: after a field error the chosen custom select option is kept", async () => {
    const page = await e2e.newPage();
    await fillSignup(page, {
      name: "Select Keeper",
      email: uniqueEmail("select"),
      password: "short",
      useCase: "Research",
    });
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Use at least 8 characters.").waitFor();
    await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe(
      "Select Keeper",
    );
    await expect(
      page.getByLabel("Main use case (optional)", { exact: true }).inputValue(),
    ).resolves.toBe("Research");
  });

  it("R-PORTAL-SIGNUP: a developer signs up, receives the welcome email, logs in and logs out", async () => {
    const email = uniqueEmail("signup");
    const password = "correct-horse-battery";
    const page = await e2e.newPage();
    await fillSignup(page, {
      name: "Sam Signup",
      email,
      password,
      company: "Globex",
      useCase: "Production app",
    });
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForPath(page, `/${ORG}/login`);
    expect(new URL(page.url()).searchParams.get("signedUp")).toBe("1");
    await expectVisible(page.getByText("Check your inbox"));
    await expectAccessible(page, "portal login after signup");

    // The welcome email sits in the admin mailbox, addressed to the lower-cased email.
    const admin = await e2e.newPage();
    await login(admin, e2e.url("/admin/login"), DEMO.admin.email, DEMO.admin.password);
    await waitForPath(admin, "/admin");
    await gotoHydrated(admin, e2e.url("/admin/mailbox"));
    const row = admin
      .getByRole("table", { name: "Emails" })
      .locator("tbody tr")
      .filter({ hasText: email.toLowerCase() });
    await expect(row.count()).resolves.toBe(1);
    await row.getByRole("link", { name: WELCOME_SUBJECT }).click();
    await admin.waitForURL((u) => /^\/admin\/mailbox\/[^/]+$/.test(u.pathname));
    await expect(admin.getByTestId("email-subject").textContent()).resolves.toBe(WELCOME_SUBJECT);
    expect(await admin.getByTestId("email-text").textContent()).toMatch(
      new RegExp(`https?://\\S+/${ORG}/login`),
    );

    // Log in with the address exactly as typed at signup.
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await waitForPath(page, `/${ORG}/dashboard`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Dashboard");
    await expectVisible(page.getByText("Welcome, Sam Signup", { exact: false }));
    await expectAccessible(page, "portal dashboard (1280 px)");

    await page.getByRole("button", { name: `Account menu for ${email.toLowerCase()}` }).click();
    await page.getByRole("menuitem", { name: "Log out" }).click();
    await waitForPath(page, `/${ORG}/login`);
    await expectLoggedOutAt(page, `/${ORG}/dashboard`);
  });

  it("R-PORTAL-SIGNUP: a wrong password and an unknown email get the same answer", async () => {
    const page = await e2e.newPage();
    await login(page, e2e.url(`/${ORG}/login`), DEMO.developer.email, "wrong-password");
    // Not a live region: focus moves to the message, which reads it once (WCAG 2.4.3, 4.1.3).
    const message = page.getByText(/incorrect/);
    await message.waitFor();
    const wrongPassword = (await message.textContent())?.trim();
    expect(wrongPassword).toBe("Email or password is incorrect.");
    await expect(page.getByLabel("Email", { exact: true }).inputValue()).resolves.toBe(
      DEMO.developer.email,
    );
    await expectAccessible(page, "portal login with error");

    const other = await e2e.newPage();
    await login(other, e2e.url(`/${ORG}/login`), uniqueEmail("nobody"), "wrong-password");
    const unknown = other.getByText(/incorrect/);
    await unknown.waitFor();
    await expect(unknown.textContent().then((t) => t?.trim())).resolves.toBe(wrongPassword);
    expect(pathOf(other)).toBe(`/${ORG}/login`);
  });

  it("R-PORTAL-SIGNUP: the demo developer logs in at 375 px; the dashboard needs a session", async () => {
    const page = await e2e.newPage(MOBILE);
    await expectLoggedOutAt(page, `/${ORG}/dashboard`);
    await expectAccessible(page, "portal login (375 px)");
    await login(page, e2e.url(`/${ORG}/login`), DEMO.developer.email, DEMO.developer.password);
    await waitForPath(page, `/${ORG}/dashboard`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Dashboard");
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth),
    ).resolves.toBeLessThanOrEqual(MOBILE.width);
    await expectAccessible(page, "portal dashboard (375 px)");
    // A logged-in developer who opens the login page goes straight to the dashboard.
    await page.goto(e2e.url(`/${ORG}/login`));
    await waitForPath(page, `/${ORG}/dashboard`);
  });

  it("R-ORG-ISOLATION: a developer session opens neither the admin console nor another portal", async () => {
    const page = await e2e.newPage();
    await login(page, e2e.url(`/${ORG}/login`), DEMO.developer.email, DEMO.developer.password);
    await waitForPath(page, `/${ORG}/dashboard`);

    await page.goto(e2e.url("/admin"));
    await waitForPath(page, "/admin/login");

    const res = await page.goto(e2e.url("/nonexistent-org/dashboard"));
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Not found");
    await expectAccessible(page, "portal not found");

    // The acme session itself is untouched.
    await page.goto(e2e.url(`/${ORG}/dashboard`));
    await waitForPath(page, `/${ORG}/dashboard`);
  });

  it("R-ORG-PORTAL-URL: the organisation's portal lives under its slug", async () => {
    const page = await e2e.newPage();
    const res = await page.goto(e2e.url(`/${ORG}`));
    expect(res?.status()).toBe(200);
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      `${DEMO.orgName} developer portal`,
    );
    await expectAccessible(page, "portal home");
    await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
    await waitForPath(page, `/${ORG}/signup`);
    await expectAccessible(page, "portal home → signup");

    // The start page lists the portal.
    await gotoHydrated(page, e2e.url("/"));
    await expectAccessible(page, "start page");
    await page.getByRole("link", { name: new RegExp(DEMO.orgName) }).click();
    await waitForPath(page, `/${ORG}`);
  });
});
