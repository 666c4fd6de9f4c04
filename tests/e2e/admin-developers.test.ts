import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkA11y,
  expectVisible,
  formatViolations,
  gotoHydrated,
  MOBILE,
  screenshot,
  waitForHydration,
} from "@/tests/helpers/browser";
import {
  DEMO,
  expectAccessible,
  login,
  pathOf,
  uniqueEmail,
  useE2E,
  waitForPath,
} from "@/tests/helpers/e2e";
import { settle } from "@/tests/helpers/portal-e2e";

// Managing developers and keys, in Chromium against `next start` with the seeded demo organisation:
// an admin adds a developer, finds them by a partial email, creates a key with two policies,
// sees "(No Catalog Entry)", edits the telephone (keys unchanged), changes the key's policies,
// sees the usage graph of a seeded developer and opens a key's analytics.

const VIEWER = DEMO.viewer;
const PROFILE_PATH = /^\/admin\/developers\/[^/]+$/;
const ANALYTICS_PATH = /^\/admin\/developers\/[^/]+\/keys\/[^/]+$/;

/** The developer the scenario creates; later tests continue with it. */
const created = { id: "", email: "", search: "", keyStart: "", telephone: "+44 20 7946 0999" };

function need(value: string, what: string): string {
  if (!value) throw new Error(`${what} is not known: an earlier test of this file failed`);
  return value;
}

/** Profile overview as { label: value } (the <dl data-testid="profile-fields">). */
async function profileFields(page: Page): Promise<Record<string, string>> {
  return page
    .getByTestId("profile-fields")
    .evaluate((dl) =>
      Object.fromEntries(
        Array.from(dl.querySelectorAll("div"), (d) => [
          d.querySelector("dt")?.textContent?.trim() ?? "",
          d.querySelector("dd")?.textContent?.trim() ?? "",
        ]),
      ),
    );
}

/** The policy chips of a key row, e.g. ["Free Weather — Free", "Internal tools (No Catalog Entry)"]. */
async function chips(row: Locator): Promise<string[]> {
  const texts = await row
    .getByRole("list", { name: "Policies" })
    .getByRole("listitem")
    .allTextContents();
  return texts.map((t) => t.replace(/\s+/g, " ").trim());
}

function keyRow(page: Page, start: string): Locator {
  return page
    .getByTestId("key-row")
    .filter({ has: page.locator("code", { hasText: `${start}…` }) });
}

/** Waits until Recharts has drawn bars or lines inside the usage chart. */
async function waitForChart(page: Page): Promise<void> {
  const chart = page.getByTestId("usage-chart");
  await chart.waitFor();
  await chart.locator(".recharts-bar-rectangle, .recharts-line-curve").first().waitFor();
}

function parseCount(text: string | null): number {
  return Number((text ?? "").replace(/[^0-9]/g, ""));
}

describe("admin console: developers, keys and usage (seeded demo organisation)", () => {
  const e2e = useE2E({ seed: true });

  async function loginAs(page: Page, who: { email: string; password: string } = DEMO.admin) {
    await login(page, e2e.url("/admin/login"), who.email, who.password);
    await waitForPath(page, "/admin");
  }

  async function adminPage(viewport?: { width: number; height: number }): Promise<Page> {
    const page = await e2e.newPage(viewport);
    await loginAs(page);
    return page;
  }

  /** Opens a developer's profile through the list's search. */
  async function openProfileByEmail(page: Page, email: string): Promise<void> {
    await gotoHydrated(page, e2e.url(`/admin/developers?q=${encodeURIComponent(email)}`));
    await page
      .getByRole("table", { name: "Developers" })
      .getByRole("link", { name: email, exact: true })
      .click();
    await page.waitForURL((u) => PROFILE_PATH.test(u.pathname));
    await waitForHydration(page);
  }

  it("R-DEV-ADD: admin adds a developer with a password from the Developers list and lands on their profile", async () => {
    const page = await adminPage();
    await gotoHydrated(page, e2e.url("/admin/developers"));
    await expectAccessible(page, "developers list (1280 px)");
    await page.getByRole("link", { name: "Add developer" }).click();
    await waitForPath(page, "/admin/developers/new");
    await expectAccessible(page, "add developer form (1280 px)");

    const email = uniqueEmail("e2e-dev");
    created.email = email.toLowerCase();
    // The random part of the address, upper-cased: a partial, differently-cased search.
    created.search = email.split("@")[0]?.split(".")[1]?.toUpperCase() ?? "";
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Name", { exact: true }).fill("Erin Endtoend");
    await page.getByLabel("Telephone (optional)").fill("+44 20 7946 0111");
    // The searchable picker: a name from the list is stored as its code.
    await page.getByLabel("Country (optional)").fill("United Kingdom");
    await page.getByLabel("Company (optional)").fill("Umbrella");
    await page.getByLabel("Main use case (optional)").selectOption("Production app");
    await page.getByRole("radio", { name: "Set a password now" }).check();
    await page.getByLabel("Password", { exact: true }).fill("e2e-password-123");
    await page.getByRole("button", { name: "Add developer" }).click();

    await page.waitForURL((u) => PROFILE_PATH.test(u.pathname) && !u.pathname.endsWith("/new"));
    await waitForHydration(page);
    created.id = pathOf(page).split("/").pop() ?? "";
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Erin Endtoend",
    );
    expect(await profileFields(page)).toMatchObject({
      Email: created.email,
      Name: "Erin Endtoend",
      Telephone: "+44 20 7946 0111",
      Country: "United Kingdom",
      Company: "Umbrella",
      "Main use case": "Production app",
      Password: "set",
    });
    // Gravatar for the email, or the initials when there is none (no network in the test run).
    await expect(
      page.locator('img[src*="gravatar.com/avatar/"], [data-testid="avatar-initials"]').count(),
    ).resolves.toBeGreaterThan(0);
    await expectVisible(page.getByText("No keys yet"));
    await expectAccessible(page, "new developer's profile (1280 px)");
  });

  it("R-DEV-SEARCH: a partial, upper-case part of the email finds the new developer (shareable ?q= URL)", async () => {
    const search = need(created.search, "the new developer");
    const page = await adminPage();
    await gotoHydrated(page, e2e.url("/admin/developers"));
    await page.getByLabel("Search developers by email").fill(search);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(
      (u) => u.pathname === "/admin/developers" && u.searchParams.get("q") === search,
    );
    await waitForHydration(page);

    const rows = page.getByRole("table", { name: "Developers" }).locator("tbody tr");
    // The URL changes before the new rows render: wait for the list the search asked for.
    await expect.poll(() => rows.count()).toBe(1);
    await expectVisible(rows.getByRole("link", { name: created.email, exact: true }));
    const cells = (await rows.first().locator("td").allTextContents()).map((t) => t.trim());
    expect(cells[0]).toBe(created.email);
    expect(cells[1]).toBe("Erin Endtoend");
    expect(cells[2]).toBe("0");
    expect(cells[4]).toBe("active");
    await expect(page.getByLabel("Search developers by email").inputValue()).resolves.toBe(search);
    await expectAccessible(page, "developers list with a search (1280 px)");

    // A search nothing matches says so.
    await gotoHydrated(
      page,
      e2e.url(`/admin/developers?q=${encodeURIComponent(`${search}-nobody`)}`),
    );
    await expectVisible(page.getByRole("link", { name: "Clear the search" }));
    await expect.poll(() => page.getByRole("table", { name: "Developers" }).count()).toBe(0);

    await gotoHydrated(page, e2e.url(`/admin/developers?q=${encodeURIComponent(search)}`));
    await page.getByRole("link", { name: created.email, exact: true }).click();
    await waitForPath(page, `/admin/developers/${need(created.id, "the new developer's id")}`);
  });

  it("R-KEY-NEW: New key with two policies (Free + Internal tools) shows the key once, then lists it", async () => {
    const id = need(created.id, "the new developer");
    const page = await adminPage();
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    await page.getByRole("button", { name: "New key" }).click();
    const dialog = page.getByRole("dialog", { name: "New key" });
    await dialog.waitFor();
    await expectAccessible(page, "New key dialog (1280 px)");
    await dialog.getByRole("checkbox", { name: /^Free\b/ }).check();
    await dialog.getByRole("checkbox", { name: /^Internal tools\b/ }).check();
    await dialog.getByRole("button", { name: "Request key" }).click();

    const secret = dialog.getByTestId("secret-once");
    await secret.waitFor();
    const key = (await secret.textContent())?.trim() ?? "";
    expect(key).toMatch(/^gh_[1-9A-HJ-NP-Za-km-z]{30,}$/);
    created.keyStart = key.slice(0, 9);
    await dialog.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "hidden" });

    const row = keyRow(page, created.keyStart);
    await row.waitFor();
    await expect(page.getByTestId("key-row").count()).resolves.toBe(1);
    await expectVisible(row.getByText("active", { exact: true }));
    // Shown once: the full key is nowhere on the page any more.
    await expect(page.getByText(key).count()).resolves.toBe(0);
  });

  it("R-DEV-KEYS: the key row shows each policy with its catalog entry, and (No Catalog Entry) for Internal tools", async () => {
    const id = need(created.id, "the new developer");
    const start = need(created.keyStart, "the new key");
    const page = await adminPage();
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    const row = keyRow(page, start);
    await row.waitFor();
    expect(await chips(row)).toEqual(["Free Weather — Free", "Internal tools (No Catalog Entry)"]);
    // The effective limits of the two policies together, per API.
    await row.getByText("Effective limits").click();
    await expectVisible(row.getByText(/Payments: 1,000 requests \/ 60 s; quota Unlimited/));
    await expectAccessible(page, "profile with a key (1280 px)");
  });

  it("R-DEV-EDIT: admin edits the telephone; the profile shows it and the keys are unchanged", async () => {
    const id = need(created.id, "the new developer");
    need(created.keyStart, "the new key");
    const page = await adminPage();
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    // textContent, not innerText: the text of closed <details> ("Effective limits") counts the same
    // whether or not the browser has laid it out yet.
    const keysBefore = await page.getByTestId("key-row").allTextContents();
    expect(keysBefore).toHaveLength(1);

    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await waitForPath(page, `/admin/developers/${id}/edit`);
    await expect(page.getByLabel("Email", { exact: true }).inputValue()).resolves.toBe(
      created.email,
    );
    await expect(page.getByLabel("Telephone (optional)").inputValue()).resolves.toBe(
      "+44 20 7946 0111",
    );
    await expect(page.getByLabel("Company (optional)").inputValue()).resolves.toBe("Umbrella");
    await expectAccessible(page, "edit developer form (1280 px)");
    await page.getByLabel("Telephone (optional)").fill(created.telephone);
    await page.getByRole("button", { name: "Save changes" }).click();

    await page.waitForURL(
      (u) => u.pathname === `/admin/developers/${id}` && u.searchParams.has("saved"),
    );
    await waitForHydration(page);
    expect(await profileFields(page)).toMatchObject({
      Telephone: created.telephone,
      Name: "Erin Endtoend",
      Email: created.email,
      Company: "Umbrella",
    });
    await expect
      .poll(() => page.getByTestId("key-row").allTextContents(), { timeout: 15_000 })
      .toEqual(keysBefore);
  });

  it("R-KEY-POLICY-CHANGE: Options → Change policy: remove Internal tools, add Pro; the chips update", async () => {
    const id = need(created.id, "the new developer");
    const start = need(created.keyStart, "the new key");
    const page = await adminPage();
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    await page.getByRole("button", { name: `Options for key ${start}` }).click();
    await page.getByRole("menuitem", { name: "Change policy" }).click();
    const dialog = page.getByRole("dialog", { name: "Change policy" });
    await dialog.waitFor();
    // The key's current policies are ticked.
    await expect(dialog.getByRole("checkbox", { name: /^Free\b/ }).isChecked()).resolves.toBe(true);
    await expect(
      dialog.getByRole("checkbox", { name: /^Internal tools\b/ }).isChecked(),
    ).resolves.toBe(true);
    await expect(dialog.getByRole("checkbox", { name: /^Pro\b/ }).isChecked()).resolves.toBe(false);
    await expectAccessible(page, "Change policy dialog (1280 px)");
    await dialog.getByRole("checkbox", { name: /^Internal tools\b/ }).uncheck();
    await dialog.getByRole("checkbox", { name: /^Pro\b/ }).check();
    await dialog.getByRole("button", { name: "Change key policy" }).click();
    await dialog.waitFor({ state: "hidden" });

    const row = keyRow(page, start);
    await page.waitForFunction((s) => {
      const r = Array.from(document.querySelectorAll('[data-testid="key-row"]')).find(
        (el) => el.querySelector("code")?.textContent === `${s}…`,
      );
      return r?.textContent?.includes("Pro") && !r.textContent.includes("Internal tools");
    }, start);
    expect(await chips(row)).toEqual(["Free Weather — Free", "Pro Weather & Geocoding — Pro"]);
    // And after a reload, from the database.
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    expect(await chips(keyRow(page, start))).toEqual([
      "Free Weather — Free",
      "Pro Weather & Geocoding — Pro",
    ]);
  });

  it("R-KEY-POLICY-CHANGE: unticking every policy is refused beside the list and the key keeps its policies", async () => {
    const id = need(created.id, "the new developer");
    const start = need(created.keyStart, "the new key");
    const page = await adminPage();
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    await page.getByRole("button", { name: `Options for key ${start}` }).click();
    await page.getByRole("menuitem", { name: "Change policy" }).click();
    const dialog = page.getByRole("dialog", { name: "Change policy" });
    await dialog.waitFor();
    for (const box of await dialog.getByRole("checkbox").all()) await box.uncheck();
    await dialog.getByRole("button", { name: "Change key policy" }).click();
    await dialog.getByText("Choose at least one policy.").first().waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    expect(await chips(keyRow(page, start))).toEqual([
      "Free Weather — Free",
      "Pro Weather & Geocoding — Pro",
    ]);
  });

  it("R-KEY-ROTATE: Options → Roll key with a 24-hour grace shows the new key once; the key keeps its policies and shows 'Previous key … valid until' (1280 and 375 px)", async () => {
    const id = need(created.id, "the new developer");
    let earlierOld = "";
    for (const viewport of [undefined, MOBILE]) {
      const width = viewport ? "375 px" : "1280 px";
      const start = need(created.keyStart, "the new key");
      const page = await adminPage(viewport);
      await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
      await keyRow(page, start).getByRole("list", { name: "Policies" }).waitFor();
      const policiesBefore = await chips(keyRow(page, start));
      expect(policiesBefore.length).toBeGreaterThan(0);
      await page.getByRole("button", { name: `Options for key ${start}` }).click();
      await page.getByRole("menuitem", { name: "Roll key" }).click();
      const dialog = page.getByRole("dialog", { name: "Roll key" });
      await dialog.waitFor();
      await dialog.getByLabel("Keep the old key working for").selectOption({ label: "24 hours" });
      if (earlierOld) {
        // The second roll: the first roll's old value is still in its grace period.
        const alert = dialog.getByRole("status").filter({ hasText: "Only one old key" });
        await expect(alert.textContent()).resolves.toContain(
          `The previous key ${earlierOld}… (valid until`,
        );
      }
      await expectAccessible(page, `Roll key dialog (${width})`);
      await screenshot(page, `key-roll-console-form-${width}`);
      await dialog.getByRole("button", { name: "Roll key" }).click();
      const secret = dialog.getByTestId("secret-once");
      await secret.waitFor();
      const key = (await secret.textContent())?.trim() ?? "";
      expect(key).toMatch(/^gh_[1-9A-HJ-NP-Za-km-z]+$/);
      expect(key.startsWith(start)).toBe(false);
      await expect(dialog.getByTestId("roll-result").textContent()).resolves.toMatch(
        new RegExp(
          `^The old key ${start}… keeps working until .+ UTC; then only the new key does\\.$`,
        ),
      );
      await screenshot(page, `key-roll-console-dialog-${width}`);
      await dialog.getByRole("button", { name: "Done" }).click();
      await dialog.waitFor({ state: "hidden" });
      // The same key row (same policies) now shows the new start and the old one until its grace end.
      const newStart = key.slice(0, 9);
      const row = keyRow(page, newStart);
      await row.getByTestId("previous-key").waitFor();
      await expect(row.getByTestId("previous-key").textContent()).resolves.toMatch(
        new RegExp(`^Previous key ${start}… valid until .+ UTC$`),
      );
      expect(await chips(row)).toEqual(policiesBefore);
      // The old start appears only in that row's "Previous key" line.
      await expect(keyRow(page, start).count()).resolves.toBe(1);
      await expect(keyRow(page, start).locator("code").first().textContent()).resolves.toBe(
        `${newStart}…`,
      );
      await expect(page.content()).resolves.not.toContain(key);
      await settle(page);
      await expectAccessible(page, `key with a previous value (${width})`);
      await screenshot(page, `key-roll-console-row-${width}`);
      created.keyStart = newStart;
      earlierOld = start;
    }
  });

  it("R-DEV-USAGE: alice@example.com's profile renders the usage graph of the last 7 days from the seeded data, with totals; Daily and Hourly state one window and the same totals", async () => {
    const page = await adminPage();
    await openProfileByEmail(page, DEMO.developer.email);
    await waitForChart(page);
    const dailyTotal = parseCount(await page.getByTestId("usage-total-requests").textContent());
    expect(dailyTotal).toBeGreaterThan(0);
    const window = (await page.getByTestId("usage-window").textContent()) ?? "";
    expect(window).toMatch(/^\d{1,2} \w{3} – \d{1,2} \w{3} \d{4} \(UTC\), up to now$/);
    expect(parseCount(await page.getByTestId("usage-total-errors").textContent())).toBeGreaterThan(
      0,
    );
    // Daily bars by default; 7 days of them.
    await expect(
      page.getByTestId("usage-chart").locator(".recharts-bar-rectangle").count(),
    ).resolves.toBeGreaterThanOrEqual(7);
    await expect(page.getByTestId("usage-chart").getAttribute("aria-label")).resolves.toContain(
      DEMO.developer.email,
    );
    // Several keys, one of them with two policies.
    const rows = page.getByTestId("key-row");
    await expect(rows.count()).resolves.toBeGreaterThanOrEqual(2);
    await expectAccessible(page, "alice's profile with usage (1280 px)");

    // Hourly view.
    await page
      .getByRole("group", { name: "Granularity" })
      .getByRole("link", { name: "Hourly" })
      .click();
    await page.waitForURL((u) => u.searchParams.get("g") === "hour");
    await page.getByTestId("usage-chart").locator(".recharts-line-curve").first().waitFor();
    await expect.poll(() => page.getByTestId("usage-window").textContent()).toBe(window);
    expect(parseCount(await page.getByTestId("usage-total-requests").textContent())).toBe(
      dailyTotal,
    );
  });

  it("R-KEY-ANALYTICS: a key's Analytics page shows its usage over 24 h / 7 d / 30 d and by API", async () => {
    const page = await adminPage();
    await openProfileByEmail(page, DEMO.developer.email);
    const first = page.getByTestId("key-row").first();
    const start = ((await first.locator("code").first().textContent()) ?? "").replace("…", "");
    await first.getByRole("link", { name: "Analytics" }).click();
    await page.waitForURL((u) => ANALYTICS_PATH.test(u.pathname));
    await waitForHydration(page);

    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(
      `Analytics of ${start}`,
    );
    const ranges = page.getByRole("navigation", { name: "Range" });
    await expect(
      ranges.getByRole("link", { name: "Last 7 days" }).getAttribute("aria-current"),
    ).resolves.toBe("page");
    await waitForChart(page);
    expect(
      parseCount(await page.getByTestId("usage-total-requests").textContent()),
    ).toBeGreaterThan(0);
    const byApi = page.getByRole("table", { name: "Usage by API" });
    await expect(byApi.locator("tbody tr").count()).resolves.toBeGreaterThanOrEqual(1);
    await expectVisible(byApi.getByText("Weather", { exact: true }));
    await expectAccessible(page, "key analytics (1280 px)");

    await ranges.getByRole("link", { name: "Last 24 hours" }).click();
    await page.waitForURL((u) => u.searchParams.get("range") === "24h");
    await expect(
      ranges.getByRole("link", { name: "Last 24 hours" }).getAttribute("aria-current"),
    ).resolves.toBe("page");
    await page.getByTestId("usage-chart").locator(".recharts-line-curve").first().waitFor();

    await ranges.getByRole("link", { name: "Last 30 days" }).click();
    await page.waitForURL((u) => u.searchParams.get("range") === "30d");
    await expect(
      ranges.getByRole("link", { name: "Last 30 days" }).getAttribute("aria-current"),
    ).resolves.toBe("page");
    await waitForChart(page);
  });

  it("R-DEV-PROFILE: a viewer sees the list and a profile with usage, but no Add developer, Edit, New key or key Options", async () => {
    const page = await e2e.newPage();
    await loginAs(page, VIEWER);
    await gotoHydrated(page, e2e.url("/admin/developers"));
    await expect(page.getByRole("link", { name: "Add developer" }).count()).resolves.toBe(0);
    await openProfileByEmail(page, DEMO.developer.email);
    await expectVisible(page.getByTestId("profile-fields"));
    await waitForChart(page);
    await expect(page.getByTestId("key-row").count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(page.getByRole("button", { name: "New key" }).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: "Edit", exact: true }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: /^Options for key/ }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: /Deactivate|Delete/ }).count()).resolves.toBe(0);
    // Reading analytics is allowed.
    await expectVisible(page.getByRole("link", { name: "Analytics" }).first());
    // The add form is not for viewers.
    await page.goto(e2e.url("/admin/developers/new"));
    await waitForPath(page, "/admin/developers");
  });

  it("R-DEV-ADD: a bad email is reported beside the field and the typed name is kept", async () => {
    const page = await adminPage();
    await gotoHydrated(page, e2e.url("/admin/developers/new"));
    await page.getByLabel("Email", { exact: true }).fill("not-an-email");
    await page.getByLabel("Name", { exact: true }).fill("Kept Name");
    await page.getByLabel("Telephone (optional)").fill("+1 555 0100");
    await page.getByRole("button", { name: "Add developer" }).click();

    const email = page.getByLabel("Email", { exact: true });
    await page.waitForFunction(
      () => document.getElementById("email")?.getAttribute("aria-invalid") === "true",
    );
    expect(pathOf(page)).toBe("/admin/developers/new");
    await expectVisible(page.locator("#email-error"));
    await expect(email.getAttribute("aria-describedby")).resolves.toBe("email-error");
    await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("Kept Name");
    await expect(page.getByLabel("Telephone (optional)").inputValue()).resolves.toBe("+1 555 0100");
    await expect(email.inputValue()).resolves.toBe("not-an-email");
    await expectAccessible(page, "add developer form with an error (1280 px)");

    // The access choice survives an error too: "Set a password now" stays chosen, its field shown.
    await page.getByRole("radio", { name: "Set a password now" }).check();
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByRole("button", { name: "Add developer" }).click();
    await expectVisible(page.locator("#password-error"));
    await expect
      .poll(() => page.getByRole("radio", { name: "Set a password now" }).isChecked())
      .toBe(true);
    await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("Kept Name");
  });

  it("R-DEV-PROFILE: at 375 px the list, profile, form and analytics screens have no serious or critical axe violations", async () => {
    const page = await adminPage(MOBILE);
    // Every screen is checked; the violations of all of them are reported together.
    const report: string[] = [];
    const check = async (where: string) => {
      const violations = await checkA11y(page);
      if (violations.length) report.push(formatViolations(`${where} (${page.url()})`, violations));
    };
    await gotoHydrated(page, e2e.url("/admin/developers"));
    await check("developers list (375 px)");
    await gotoHydrated(page, e2e.url("/admin/developers/new"));
    await check("add developer form (375 px)");
    await openProfileByEmail(page, DEMO.developer.email);
    await waitForChart(page);
    await check("alice's profile (375 px)");
    // Nothing is wider than the screen except inside a horizontal scroller.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    await page.getByTestId("key-row").first().getByRole("link", { name: "Analytics" }).click();
    await page.waitForURL((u) => ANALYTICS_PATH.test(u.pathname));
    await waitForHydration(page);
    await waitForChart(page);
    await check("key analytics (375 px)");
    const id = need(created.id, "the new developer");
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}/edit`));
    await check("edit developer form (375 px)");
    expect(report.join("\n")).toBe("");
    expect(overflow).toBeLessThanOrEqual(1);
  });

  it("R-DEV-DEACTIVATE: the toast confirming a deactivation passes axe (readable contrast)", async () => {
    const id = need(created.id, "the new developer");
    const page = await adminPage();
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    await page.getByRole("button", { name: "Deactivate" }).click();
    await page.getByRole("button", { name: "Reactivate" }).waitFor();
    await page.getByText("Developer deactivated: login refused, keys stopped.").waitFor();
    // Let the toast finish its entrance animation, so contrast is measured at full opacity.
    await page.waitForTimeout(1500);
    await expectAccessible(page, "profile with the deactivation toast (1280 px)");
  });

  it("R-DEV-DEACTIVATE: admin deactivates, reactivates, then deletes the developer (typing delete to confirm)", async () => {
    const id = need(created.id, "the new developer");
    const page = await adminPage();
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    // (The previous test may have left the developer inactive.)
    if (await page.getByRole("button", { name: "Reactivate" }).count()) {
      await page.getByRole("button", { name: "Reactivate" }).click();
      await page.getByRole("button", { name: "Deactivate" }).waitFor();
    }
    await page.getByRole("button", { name: "Deactivate" }).click();
    await page.getByRole("button", { name: "Reactivate" }).waitFor();
    await expectVisible(page.locator("h1 + p").getByText("inactive", { exact: true }));
    await page.getByRole("button", { name: "Reactivate" }).click();
    await page.getByRole("button", { name: "Deactivate" }).waitFor();
    await expectVisible(page.locator("h1 + p").getByText("active", { exact: true }));

    // A fresh page for the dialog check, so no toast of the steps above is on screen.
    await gotoHydrated(page, e2e.url(`/admin/developers/${id}`));
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Delete developer?" });
    await dialog.waitFor();
    await expectAccessible(page, "delete developer dialog (1280 px)");
    // Anything but "delete" is refused.
    await dialog.getByLabel('Type "delete" to confirm').fill("remove");
    await dialog.getByRole("button", { name: "Delete developer" }).click();
    await dialog.locator("#confirm-error").waitFor();
    expect(pathOf(page)).toBe(`/admin/developers/${id}`);
    await dialog.getByLabel('Type "delete" to confirm').fill("delete");
    await dialog.getByRole("button", { name: "Delete developer" }).click();
    await page.waitForURL(
      (u) => u.pathname === "/admin/developers" && u.searchParams.has("deleted"),
    );
    await waitForHydration(page);
    await expectVisible(page.getByText("Developer deleted and their keys revoked."));
    await gotoHydrated(page, e2e.url(`/admin/developers?q=${encodeURIComponent(created.email)}`));
    await expect(page.getByRole("table", { name: "Developers" }).count()).resolves.toBe(0);
    // The profile is gone (Next's not-found page; the status may already be sent while streaming).
    await page.goto(e2e.url(`/admin/developers/${id}`));
    await page
      .getByRole("heading", { name: /not found|could not be found/i })
      .first()
      .waitFor();
    await expect(page.getByTestId("profile-fields").count()).resolves.toBe(0);
  });
});
