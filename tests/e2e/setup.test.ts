import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectVisible, gotoHydrated, MOBILE } from "@/tests/helpers/browser";
import {
  expectAccessible,
  login,
  pathOf,
  uniqueEmail,
  useE2E,
  waitForPath,
} from "@/tests/helpers/e2e";

const OWNER = {
  name: "Grace Owner",
  email: "Grace.Owner@Globex.example",
  password: "globex-owner-pw",
};
const ORG = { name: "Globex Corporation", slug: "globex" };

// One fresh install (no seed) for the whole file: the tests run in order, and the first-run
// setup can only happen once, so the tests before it see the fresh install and those after
// it see the organisation it created.
describe("first-run setup (fresh install, no demo seed)", () => {
  const e2e = useE2E({ seed: false });

  async function fillSetup(
    page: Page,
    values: { orgName: string; orgSlug: string; name: string; email: string; password: string },
  ) {
    await page.getByLabel("Organisation name", { exact: true }).fill(values.orgName);
    await page.getByLabel("Portal address", { exact: true }).fill(values.orgSlug);
    await page.getByLabel("Your name", { exact: true }).fill(values.name);
    await page.getByLabel("Email", { exact: true }).fill(values.email);
    await page.getByLabel("Password", { exact: true }).fill(values.password);
  }

  it("R-ORG-SETUP: a fresh install sends / to the setup form, which passes axe at 1280 and 375 px", async () => {
    for (const viewport of [undefined, MOBILE]) {
      const page = await e2e.newPage(viewport);
      await page.goto(e2e.url("/"));
      await waitForPath(page, "/setup");
      for (const label of [
        "Organisation name",
        "Portal address",
        "Your name",
        "Email",
        "Password",
      ]) {
        await expect(page.getByLabel(label, { exact: true }).isEditable(), label).resolves.toBe(
          true,
        );
      }
      await expect(
        page.getByRole("button", { name: "Create organisation" }).isEnabled(),
      ).resolves.toBe(true);
      await expectAccessible(page, `setup (${viewport ? "375" : "1280"} px)`);
    }
  });

  it("R-ORG-SETUP: a reserved portal address gets a field error and the typed values are kept", async () => {
    const page = await e2e.newPage();
    await gotoHydrated(page, e2e.url("/setup"));
    await fillSetup(page, { orgName: ORG.name, orgSlug: "admin", ...OWNER });
    await page.getByRole("button", { name: "Create organisation" }).click();

    await page.getByText("This name is reserved; choose another.").waitFor();
    expect(pathOf(page)).toBe("/setup");
    const slug = page.getByLabel("Portal address", { exact: true });
    await expect(slug.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(slug.inputValue()).resolves.toBe("admin");
    await expect(page.getByLabel("Organisation name", { exact: true }).inputValue()).resolves.toBe(
      ORG.name,
    );
    await expect(page.getByLabel("Your name", { exact: true }).inputValue()).resolves.toBe(
      OWNER.name,
    );
    await expect(page.getByLabel("Email", { exact: true }).inputValue()).resolves.toBe(OWNER.email);
    await expectAccessible(page, "setup with errors");

    // Nothing was created: the install is still fresh.
    await page.goto(e2e.url("/"));
    await waitForPath(page, "/setup");
  });

  it("R-ORG-SETUP: setup creates the organisation and its owner, signed in to the console", async () => {
    const page = await e2e.newPage();
    await gotoHydrated(page, e2e.url("/setup"));
    await fillSetup(page, { orgName: ORG.name, orgSlug: ORG.slug, ...OWNER });
    await page.getByRole("button", { name: "Create organisation" }).click();
    await waitForPath(page, "/admin");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Overview");
    const nav = page.getByRole("navigation", { name: "Admin console" });
    await expectVisible(nav.getByText(ORG.name, { exact: true }));
    await expectVisible(page.getByRole("banner").getByText(OWNER.email.toLowerCase()));
    await expectAccessible(page, "admin overview after setup");
  });

  it("R-ORG-SETUP: after setup, /setup is closed and the owner can log in again", async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.url("/setup"));
    await waitForPath(page, "/admin/login");
    await login(page, e2e.url("/admin/login"), OWNER.email, OWNER.password);
    await waitForPath(page, "/admin");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Overview");

    // The start page now lists the new portal instead of sending visitors to setup.
    await gotoHydrated(page, e2e.url("/"));
    expect(pathOf(page)).toBe("/");
    await expect(
      page.getByRole("link", { name: new RegExp(ORG.name) }).getAttribute("href"),
    ).resolves.toBe(`/${ORG.slug}`);
    await expectAccessible(page, "start page");
  });

  it("R-ORG-PORTAL-URL: the new organisation's portal answers at /<slug>", async () => {
    const page = await e2e.newPage();
    const res = await page.goto(e2e.url(`/${ORG.slug}`));
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      `${ORG.name} developer portal`,
    );
    await expectAccessible(page, "new portal home");
    const demo = await page.goto(e2e.url("/acme"));
    expect(demo?.status()).toBe(404);
  });

  it("R-ORG-ISOLATION: a developer of the new portal is not an admin, and the owner is not a developer", async () => {
    const developer = await e2e.newPage();
    const email = uniqueEmail("globex-dev");
    await gotoHydrated(developer, e2e.url(`/${ORG.slug}/signup`));
    await developer.getByLabel("Name", { exact: true }).fill("Gina Developer");
    await developer.getByLabel("Email", { exact: true }).fill(email);
    await developer.getByLabel("Password", { exact: true }).fill("gina-password");
    await developer.getByRole("button", { name: "Create account" }).click();
    await waitForPath(developer, `/${ORG.slug}/login`);
    await login(developer, e2e.url(`/${ORG.slug}/login`), email, "gina-password");
    await waitForPath(developer, `/${ORG.slug}/dashboard`);
    await developer.goto(e2e.url("/admin"));
    await waitForPath(developer, "/admin/login");

    // The owner sees the developer's welcome email in this organisation's mailbox …
    const owner = await e2e.newPage();
    await login(owner, e2e.url("/admin/login"), OWNER.email, OWNER.password);
    await waitForPath(owner, "/admin");
    await gotoHydrated(owner, e2e.url("/admin/mailbox"));
    const rows = owner.getByRole("table", { name: "Emails" }).locator("tbody tr");
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(
      `Welcome to the ${ORG.name} developer portal`,
    );
    await expect(rows.first().textContent()).resolves.toContain(email.toLowerCase());
    // … but an admin session is no developer session.
    await owner.goto(e2e.url(`/${ORG.slug}/dashboard`));
    await waitForPath(owner, `/${ORG.slug}/login`);
  });
});
