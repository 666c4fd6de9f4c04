import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organisations } from "@/db/schema";
import {
  DESKTOP,
  expectVisible,
  gotoHydrated,
  launchBrowser,
  MOBILE,
  openPage,
  screenshot,
} from "../helpers/browser";
import { DEMO, expectAccessible, login, waitForPath } from "../helpers/e2e";
import { postgresReachable, type TempPostgres, tempPostgres } from "../helpers/gateway-services";
import { emailsTo } from "../helpers/portal-fixtures";
import { linkPath } from "../helpers/portal-e2e";
import { startServer, type TestServer } from "../helpers/server";

/**
 * R-ORG-CREATE in Chromium against `next start`: the install operator (the seeded demo owner is
 * the install's first owner) creates an organisation; its owner sets a password from the emailed
 * invitation and lands in an empty console of the new organisation; the operator suspends it and
 * its portal answers "This portal is suspended". The server runs on a throwaway Postgres so the
 * test reads the new organisation's outbox with the tests' outbox helpers (no one can open that
 * organisation's Mailbox before its owner joins).
 */
const withPostgres = await postgresReachable();
const stamp = Date.now().toString(36);
const NEW_ORG = { name: "Globex Weather", slug: `globex-${stamp}` };
const OWNER = {
  email: `gina.${stamp}@globex.test`,
  name: "Gina Globex",
  password: "globex-owner-passphrase",
};

describe.skipIf(!withPostgres)("R-ORG-CREATE: Console → Organisations", () => {
  let pg: TempPostgres;
  let server: TestServer;
  let browser: Browser;
  const url = (p: string) => `${server.baseUrl}${p}`;

  beforeAll(async () => {
    pg = await tempPostgres();
    [server, browser] = await Promise.all([
      startServer({ seed: true, env: { DATABASE_URL: pg.url } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
    await pg?.drop();
  });

  const row = (page: Page, name: string) =>
    page.getByRole("table", { name: "Organisations on this install" }).locator("tbody tr", {
      hasText: name,
    });

  it("R-ORG-CREATE: the operator creates an organisation, its owner joins from the emailed link into an empty console, and suspending it closes its portal", async () => {
    const { page: operator } = await openPage(browser, DESKTOP);
    await login(operator, url("/admin/login"), DEMO.admin.email, DEMO.admin.password);
    await waitForPath(operator, "/admin");
    await operator
      .getByRole("navigation", { name: "Admin console" })
      .getByRole("link", { name: "Organisations" })
      .click();
    await waitForPath(operator, "/admin/organisations");
    await expect.poll(() => row(operator, DEMO.orgName).count()).toBe(1);
    await expectAccessible(operator, "organisations page (1280 px)");

    // A taken address is a field error; the typed values stay.
    await operator.getByLabel("Name", { exact: true }).fill(NEW_ORG.name);
    await operator.getByLabel("Portal address").fill(DEMO.orgSlug);
    await operator.getByLabel("Owner's email").fill(OWNER.email);
    await operator.getByRole("button", { name: "Create organisation" }).click();
    await expect
      .poll(() => operator.locator("#org-slug-error").textContent())
      .toBe("This address is taken by another organisation; choose another.");
    await expect.poll(() => operator.getByLabel("Owner's email").inputValue()).toBe(OWNER.email);

    await operator.getByLabel("Portal address").fill(NEW_ORG.slug);
    await operator.getByRole("button", { name: "Create organisation" }).click();
    await expectVisible(
      operator.getByText(`${NEW_ORG.name} created; the invitation was sent to ${OWNER.email}.`),
    );
    await expect.poll(() => row(operator, NEW_ORG.name).textContent()).toMatch(/Active/);
    await expectAccessible(operator, "organisations page after creating one");
    await screenshot(operator, "organisations-1280");

    // The invitation, in the new organisation's outbox (sent after the response).
    const db = pg.handle.db;
    const [org] = await db.select().from(organisations).where(eq(organisations.slug, NEW_ORG.slug));
    if (!org) throw new Error("organisation not created");
    await expect
      .poll(async () => (await emailsTo(db, org.id, OWNER.email, "adminInvitation")).length, {
        timeout: 20_000,
      })
      .toBe(1);
    const [mail] = await emailsTo(db, org.id, OWNER.email, "adminInvitation");
    const acceptPath = linkPath(mail?.text ?? "", "/admin/invite/");

    const { page: owner } = await openPage(browser, DESKTOP);
    await gotoHydrated(owner, url(acceptPath));
    await expectVisible(owner.getByRole("heading", { name: `Join ${NEW_ORG.name}` }));
    await owner.getByLabel("Your name").fill(OWNER.name);
    await owner.getByLabel("New password", { exact: true }).fill(OWNER.password);
    await owner.getByLabel("Repeat the new password").fill(OWNER.password);
    await owner.getByRole("button", { name: "Accept invitation" }).click();
    await waitForPath(owner, "/admin/login");
    await login(owner, url("/admin/login"), OWNER.email, OWNER.password);
    await waitForPath(owner, "/admin");
    const nav = owner.getByRole("navigation", { name: "Admin console" });
    await expectVisible(nav.getByText(NEW_ORG.name, { exact: true }));
    // An owner (Team) but no operator (no Organisations), and the page is a 404 for them.
    await expectVisible(nav.getByRole("link", { name: "Team" }));
    expect(await nav.getByRole("link", { name: "Organisations" }).count()).toBe(0);
    await owner.goto(url("/admin/organisations"));
    await expectVisible(owner.getByRole("heading", { name: "Not found" }));
    expect(await owner.getByText("Organisations on this install").count()).toBe(0);
    await gotoHydrated(owner, url("/admin/developers"));
    await expectVisible(owner.getByText("No developers", { exact: false }).first());
    expect(await owner.getByText(DEMO.developer.email).count()).toBe(0);

    // Suspend, with a typed reason, through the confirmation dialog.
    await gotoHydrated(operator, url("/admin/organisations"));
    await row(operator, NEW_ORG.name)
      .getByRole("button", { name: `Suspend ${NEW_ORG.name}` })
      .click();
    const dialog = operator.getByRole("dialog", { name: `Suspend ${NEW_ORG.name}?` });
    await expectVisible(dialog);
    await expectAccessible(operator, "suspend dialog");
    await dialog.getByLabel(/Reason/).fill("Trial ended");
    await dialog.getByRole("button", { name: `Suspend ${NEW_ORG.name}` }).click();
    await expectVisible(operator.getByText(`${NEW_ORG.name} is suspended.`).first());
    await expect.poll(() => row(operator, NEW_ORG.name).textContent()).toMatch(/Suspended/);

    // Its portal: a clear page, not a 404 — at the front door and at the login.
    const { page: visitor } = await openPage(browser, MOBILE);
    // (The dashboard sends a visitor without a session to the login: suspended there too.)
    for (const p of ["", "/login", "/signup", "/catalog", "/dashboard"].map(
      (s) => `/${NEW_ORG.slug}${s}`,
    )) {
      const answer = await visitor.goto(url(p));
      expect(answer?.status()).toBe(200);
      await expectVisible(visitor.getByRole("heading", { name: "This portal is suspended" }));
    }
    await expectAccessible(visitor, "suspended portal (375 px)");
    await screenshot(visitor, "portal-suspended-375");

    // Its owner still reads the console, under the banner, and changes nothing.
    await gotoHydrated(owner, url("/admin"));
    await expectVisible(owner.getByText("This organisation is suspended"));
    await expectAccessible(owner, "suspended console");
    await screenshot(owner, "console-suspended-1280");

    // The operator's list at phone width: stacked cards, nothing sideways.
    const { page: phone } = await openPage(browser, MOBILE);
    await login(phone, url("/admin/login"), DEMO.admin.email, DEMO.admin.password);
    await waitForPath(phone, "/admin");
    await gotoHydrated(phone, url("/admin/organisations"));
    const cards = phone.getByRole("list", { name: "Organisations" }).getByTestId("org-row");
    await expect.poll(() => cards.count()).toBe(2);
    await expectVisible(cards.filter({ hasText: NEW_ORG.name }).getByText(/Suspended/));
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await expectAccessible(phone, "organisations page (375 px)");
    await screenshot(phone, "organisations-375");

    // Reactivate: the portal opens again.
    await gotoHydrated(operator, url("/admin/organisations"));
    await row(operator, NEW_ORG.name)
      .getByRole("button", { name: `Reactivate ${NEW_ORG.name}` })
      .click();
    const again = operator.getByRole("dialog", { name: `Reactivate ${NEW_ORG.name}?` });
    await again.getByRole("button", { name: `Reactivate ${NEW_ORG.name}` }).click();
    await expectVisible(operator.getByText(`${NEW_ORG.name} is active again.`).first());
    await gotoHydrated(visitor, url(`/${NEW_ORG.slug}`));
    await expect
      .poll(() => visitor.getByRole("heading", { name: "This portal is suspended" }).count())
      .toBe(0);
  });
});
