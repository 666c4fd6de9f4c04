import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkA11y,
  DESKTOP,
  formatViolations,
  gotoHydrated,
  MOBILE,
  screenshot,
  waitForHydration,
} from "@/tests/helpers/browser";
import { DEMO, login, useE2E, waitForPath } from "@/tests/helpers/e2e";
import { loginAdmin, ORG } from "@/tests/helpers/portal-e2e";

/**
 * Issue 16 (WCAG 2.2 AA): the admin and developer flows walked with the keyboard only, asserting
 * after every step where focus is (document.activeElement), never <body>; forced colours; the dark
 * theme checked with axe. Screenshots (light, dark, forced colours; 1280 and 375 px) are saved in
 * test-results/ to be looked at.
 */

type Focus = {
  tag: string;
  role: string;
  name: string;
  inDialog: boolean;
  row: string | null;
  checked: boolean | null;
  invalid: boolean;
  level: number | null;
};

/** What has focus now: its tag, role, accessible name (roughly), and where it sits. */
function focused(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body)
      return {
        tag: "body",
        role: "body",
        name: "",
        inDialog: false,
        row: null,
        checked: null,
        invalid: false,
        level: null,
      };
    const tag = el.tagName.toLowerCase();
    const input = el as HTMLInputElement;
    const implicit: Record<string, string> = {
      a: "link",
      button: "button",
      textarea: "textbox",
      select: "combobox",
      main: "main",
      summary: "button",
    };
    let role = el.getAttribute("role") ?? implicit[tag] ?? tag;
    if (tag === "input") role = input.type === "checkbox" ? "checkbox" : "textbox";
    if (/^h[1-6]$/.test(tag)) role = "heading";
    const name =
      el.getAttribute("aria-label") ??
      (input.labels?.[0]?.textContent || null) ??
      el.textContent ??
      "";
    return {
      tag,
      role,
      name: name.trim().replace(/\s+/g, " "),
      inDialog: Boolean(el.closest('[role="dialog"]')),
      row: el.closest("[data-testid]")?.textContent?.trim().replace(/\s+/g, " ") ?? null,
      checked: tag === "input" && input.type === "checkbox" ? input.checked : null,
      invalid: el.getAttribute("aria-invalid") === "true",
      level: /^h[1-6]$/.test(tag) ? Number(tag[1]) : null,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `match` holds for the focused element; fails after `max`. */
async function tabTo(
  page: Page,
  match: (f: Focus) => boolean,
  { shift = false, max = 80, key }: { shift?: boolean; max?: number; key?: string } = {},
): Promise<Focus> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key ?? (shift ? "Shift+Tab" : "Tab"));
    const f = await focused(page);
    if (match(f)) return f;
    seen.push(`${f.role} "${f.name.slice(0, 40)}"`);
  }
  throw new Error(`never focused the control; focus went through:\n${seen.join("\n")}`);
}

const named = (role: string, name: string | RegExp) => (f: Focus) =>
  f.role === role && (typeof name === "string" ? f.name === name : name.test(f.name));

/** Waits until focus matches (the page re-renders asynchronously after an action). */
async function expectFocus(page: Page, expected: Partial<Focus>, timeout = 15_000) {
  await expect.poll(() => focused(page), { timeout, interval: 100 }).toMatchObject(expected);
}

async function expectFocusNotOnBody(page: Page) {
  await expect.poll(() => focused(page).then((f) => f.tag)).not.toBe("body");
}

describe("WCAG 2.2 AA: keyboard only, forced colours and the dark theme (issue 16)", () => {
  const e2e = useE2E({ seed: true });

  it(
    "WCAG 2.4.3, R-DEV-KEYS, R-KEY-POLICY-CHANGE, R-KEY-NEW: search → profile → Options → Change policy (Escape, refused save, save) → New key → Done, focus followed at every step",
    { timeout: 180_000 },
    async () => {
      const page = await e2e.newPage();
      await loginAdmin(page, e2e);
      await gotoHydrated(page, e2e.url("/admin/developers"));

      // The search field has a visible label; Enter submits the GET form.
      await tabTo(page, named("textbox", "Search developers by email"));
      await page.keyboard.type("alice");
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => u.searchParams.get("q") === "alice");
      await waitForHydration(page);

      await tabTo(page, named("link", DEMO.developer.email));
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => /^\/admin\/developers\/[^/]+$/.test(u.pathname));
      await waitForHydration(page);
      // The followed link left the page: focus is on the new page's heading, not <body>.
      await expectFocus(page, { role: "heading", level: 1 });
      await expect(page.title()).resolves.toMatch(/ · Developer · Gatehouse$/);

      const options = await tabTo(page, named("button", /^Options for key /));
      await page.keyboard.press("Enter");
      await expectFocus(page, { role: "menuitem", name: "Change policy" });
      await page.keyboard.press("Enter");
      await expectFocus(page, { inDialog: true });
      await page.getByRole("dialog", { name: "Change policy" }).waitFor();

      // Escape: back on the Options button that opened the menu.
      await page.keyboard.press("Escape");
      await expectFocus(page, { role: "button", name: options.name, inDialog: false });

      // Change policy again; untick every policy and save: refused, focus on the first invalid box.
      await page.keyboard.press("Enter");
      await expectFocus(page, { role: "menuitem", name: "Change policy" });
      await page.keyboard.press("Enter");
      await expectFocus(page, { inDialog: true });
      for (;;) {
        const f = await tabTo(
          page,
          (x) =>
            x.inDialog &&
            (x.role === "checkbox" || (x.role === "button" && x.name === "Change key policy")),
        );
        if (f.role === "button") break;
        if (f.checked) await page.keyboard.press("Space");
      }
      await page.keyboard.press("Enter");
      await expectFocus(page, { role: "checkbox", inDialog: true, invalid: true });
      // One announcement: no field error or message is a live region.
      await expect(
        page.evaluate(
          () =>
            document.querySelectorAll(
              '[role="dialog"] [role="alert"], [role="dialog"] [role="status"]',
            ).length,
        ),
      ).resolves.toBe(0);
      await page.keyboard.press("Space");
      await tabTo(page, named("button", "Change key policy"));
      await page.keyboard.press("Enter");
      // Saved: the dialog closes and focus is back on the Options button.
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await expectFocus(page, { role: "button", name: options.name, inDialog: false });

      // New key (a dialog opened from code): tick a policy, create, Copy has focus, Done → New key.
      await tabTo(page, named("button", "New key"), { shift: true });
      await page.keyboard.press("Enter");
      await expectFocus(page, { inDialog: true });
      await tabTo(page, (f) => f.inDialog && f.role === "checkbox");
      await page.keyboard.press("Space");
      await tabTo(page, named("button", "Request key"));
      await page.keyboard.press("Enter");
      await page.getByTestId("secret-once").waitFor();
      // The form (and its button) gave way to the key: focus is on Copy, inside the dialog.
      await expectFocus(page, { role: "button", name: "Copy", inDialog: true });
      await tabTo(page, named("button", "Done"));
      await page.keyboard.press("Enter");
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await expectFocus(page, { role: "button", name: "New key", inDialog: false });
    },
  );

  it(
    "WCAG 2.4.3, R-KEYREQ-APPROVE, R-KEYREQ-DECLINE: approving or declining a request moves focus to the next request, then to the list's heading",
    { timeout: 180_000 },
    async () => {
      const page = await e2e.newPage();
      await loginAdmin(page, e2e);
      await gotoHydrated(page, e2e.url("/admin/key-requests"));
      const rows = page.getByTestId("key-request-row");
      await rows.first().waitFor();
      const before = await rows.count();
      expect(before).toBeGreaterThanOrEqual(2);
      const emails = await rows.locator("td:first-child a").allTextContents();

      // Approve the first: its row leaves, focus lands on the next row's first control.
      const approve = await tabTo(page, named("button", /^Approve request of /));
      expect(approve.name).toBe(`Approve request of ${emails[0]}`);
      await page.keyboard.press("Enter");
      await expect.poll(() => rows.count()).toBe(before - 1);
      await expectFocus(page, { role: "link", name: emails[1] });

      // Decline the next (a dialog opened from code; the Decline button leaves with its row).
      await tabTo(page, named("button", `Decline request of ${emails[1]}`));
      await page.keyboard.press("Enter");
      await expectFocus(page, { inDialog: true });
      await tabTo(page, (f) => f.inDialog && f.role === "textbox");
      await page.keyboard.type("Not for this use");
      await tabTo(page, named("button", "Decline request"));
      await page.keyboard.press("Enter");
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await expect.poll(() => rows.count()).toBe(before - 2);
      if (before - 2 > 0) await expectFocus(page, { role: "link", name: emails[2] });

      // Approve the rest: after the last, focus is on the list's heading.
      while ((await rows.count()) > 0) {
        const n = await rows.count();
        await tabTo(page, named("button", /^Approve request of /), { max: 20 });
        await page.keyboard.press("Enter");
        await expect.poll(() => rows.count()).toBe(n - 1);
        await expectFocusNotOnBody(page);
      }
      await expectFocus(page, { role: "heading", name: "Key requests" });
    },
  );

  it(
    "WCAG 2.4.1, 2.4.3, 3.3.1, R-PORTAL-SIGNUP, R-PORTAL-PROFILE, R-KEYREQ-MODES: skip link, sign up, log in with an error, Edit profile and request a key by keyboard",
    { timeout: 180_000 },
    async () => {
      const page = await e2e.newPage();
      const email = `keyboard.${Date.now().toString(36)}@example.com`;
      const password = "correct-horse-battery";
      await gotoHydrated(page, e2e.url(`/${ORG}/signup`));

      // The portal's skip link is the first Tab stop and moves focus to the main region.
      await page.keyboard.press("Tab");
      await expectFocus(page, { role: "link", name: "Skip to content" });
      await page.keyboard.press("Enter");
      await expectFocus(page, { tag: "main" });

      // An empty submit: focus on the first invalid field, no live region besides.
      await tabTo(page, named("button", "Create account"));
      await page.keyboard.press("Enter");
      await expectFocus(page, { role: "textbox", name: "Name", invalid: true });
      await expect(
        page.evaluate(() => document.querySelectorAll('main [role="alert"]').length),
      ).resolves.toBe(0);
      await page.keyboard.type("Kay Board");
      await page.keyboard.press("Tab");
      await expectFocus(page, { role: "textbox", name: "Email" });
      await page.keyboard.type(email);
      await page.keyboard.press("Tab");
      await expectFocus(page, { role: "textbox", name: "Password" });
      await page.keyboard.type(password);
      await tabTo(page, named("button", "Create account"));
      await page.keyboard.press("Enter");
      await waitForPath(page, `/${ORG}/login`);
      await expectFocusNotOnBody(page);

      // A wrong password: focus on the message (read once); the next Tab is the form's first field.
      await tabTo(page, named("textbox", "Email"));
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.type(email);
      await page.keyboard.press("Tab");
      await page.keyboard.type("wrong-password");
      await page.keyboard.press("Enter");
      await expectFocus(page, { name: "Email or password is incorrect." });
      await page.keyboard.press("Tab");
      await expectFocus(page, { role: "textbox", name: "Email" });
      await page.keyboard.press("Tab");
      await expectFocus(page, { role: "textbox", name: "Password" });
      await page.keyboard.type(password);
      await page.keyboard.press("Enter");
      await waitForPath(page, `/${ORG}/dashboard`);
      await expectFocusNotOnBody(page);

      // Edit profile from the account menu (arrow keys), an emptied name refused, then saved.
      await tabTo(page, named("button", `Account menu for ${email}`), { shift: true });
      await page.keyboard.press("Enter");
      await expectFocus(page, { role: "menuitem" });
      if (!named("menuitem", "Edit profile")(await focused(page)))
        await tabTo(page, named("menuitem", "Edit profile"), { key: "ArrowDown", max: 6 });
      await page.keyboard.press("Enter");
      await waitForPath(page, `/${ORG}/account`);
      await expectFocusNotOnBody(page);
      await tabTo(page, named("textbox", "Name"));
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.press("Backspace");
      await tabTo(page, named("button", "Save profile"));
      await page.keyboard.press("Enter");
      await expectFocus(page, { role: "textbox", name: "Name", invalid: true });
      await page.keyboard.type("Kay B. Oard");
      await tabTo(page, named("button", "Save profile"));
      await page.keyboard.press("Enter");
      // Saved: one announcement (the toast), focus still on the button that stayed focusable.
      await page.locator("[data-sonner-toast]").first().waitFor();
      await expectFocus(page, { role: "button", name: "Save profile" });
      await expect(
        page.evaluate(
          () => document.querySelectorAll('main [role="status"], main [role="alert"]').length,
        ),
      ).resolves.toBe(0);

      // Request a key (auto-approved entry): the form gives way to the key, focus on Copy.
      await gotoHydrated(page, e2e.url(`/${ORG}/catalog/weather-free`));
      await expect(page.title()).resolves.toBe(`Weather — Free · ${DEMO.orgName} · Gatehouse`);
      await tabTo(page, named("button", "Request key"));
      await page.keyboard.press("Enter");
      await page.getByTestId("secret-once").waitFor();
      await expectFocus(page, { role: "button", name: "Copy" });
    },
  );

  it("WCAG 1.4.11, 2.4.7, R-DEV-KEYS, R-USAGE-PAGE: in forced colours the highlighted menu item, the current page's nav item and Daily/Hourly keep a visible difference", async () => {
    const page = await e2e.newPage();
    await page.emulateMedia({ forcedColors: "active" });
    await loginAdmin(page, e2e);
    await gotoHydrated(page, e2e.url("/admin/developers?q=alice"));
    await page.getByRole("link", { name: DEMO.developer.email }).click();
    await page.waitForURL((u) => /^\/admin\/developers\/[^/]+$/.test(u.pathname));
    await waitForHydration(page);

    // The sidebar: the current page's item has a border the others have not.
    const nav = await page.evaluate(() => {
      const links = Array.from(document.querySelectorAll<HTMLElement>("nav a"));
      const current = links.find((a) => a.getAttribute("aria-current") === "page");
      const other = links.find((a) => a.getAttribute("aria-current") !== "page" && a !== current);
      const s = (el?: HTMLElement) =>
        el ? getComputedStyle(el).borderTopColor + " " + getComputedStyle(el).borderTopStyle : "";
      return {
        current: s(current),
        other: s(other),
        bg: getComputedStyle(document.body).backgroundColor,
      };
    });
    expect(nav.current).not.toBe("");
    expect(nav.current).not.toBe(nav.other);
    // The other items' border is the page's colour (invisible), the current one's is not.
    expect(nav.other.startsWith(nav.bg)).toBe(true);
    expect(nav.current.startsWith(nav.bg)).toBe(false);

    // Daily / Hourly: the current choice keeps its border.
    const toggles = await page.evaluate(() => {
      const group = document.querySelector('[role="group"][aria-label="Granularity"]');
      return Array.from(group?.querySelectorAll<HTMLElement>("a") ?? []).map(
        (a) => `${a.getAttribute("aria-current") ?? "-"} ${getComputedStyle(a).borderTopColor}`,
      );
    });
    expect(toggles).toHaveLength(2);
    expect(new Set(toggles.map((t) => t.split(" ").slice(1).join(" "))).size).toBe(2);

    // The Options menu: the highlighted item has an outline, the other items none.
    await page
      .getByRole("button", { name: /^Options for key / })
      .first()
      .focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Change policy" }).waitFor();
    const outlines = async () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('[role="menuitem"]')).map((m) => ({
          name: m.textContent?.trim(),
          highlighted: m.hasAttribute("data-highlighted"),
          outline: getComputedStyle(m).outlineStyle,
        })),
      );
    const first = await outlines();
    expect(first.filter((m) => m.highlighted).map((m) => m.name)).toEqual(["Change policy"]);
    for (const m of first) expect(m.outline).toBe(m.highlighted ? "solid" : "none");
    await screenshot(page, "issue16-forced-colours-menu-1280");
    // End: the last item (Revoke key) is highlighted instead.
    await page.keyboard.press("End");
    await expect
      .poll(async () => (await outlines()).filter((m) => m.outline === "solid").map((m) => m.name))
      .toEqual(["Revoke key"]);
    await screenshot(page, "issue16-forced-colours-menu-revoke-1280");
    await page.keyboard.press("Escape");
    const violations = await checkA11y(page);
    expect(violations, formatViolations("developer profile in forced colours", violations)).toEqual(
      [],
    );
  });

  it("WCAG 1.1.1, 4.1.2, R-USAGE-PAGE: the 7-day usage chart has a data table with the numbers as the text writes them, and no unnamed focusable layer", async () => {
    const page = await e2e.newPage();
    await loginAdmin(page, e2e);
    await gotoHydrated(page, e2e.url("/admin/developers?q=alice"));
    await page.getByRole("link", { name: DEMO.developer.email }).click();
    await page.waitForURL((u) => /^\/admin\/developers\/[^/]+$/.test(u.pathname));
    await waitForHydration(page);
    const chart = page.getByTestId("usage-chart").first();
    await chart.waitFor();
    // The chart is one named image; nothing inside it is a Tab stop or an unnamed application.
    await expect(
      chart.evaluate(
        (fig) =>
          fig.querySelectorAll('[tabindex]:not([tabindex="-1"]), [role="application"]').length,
      ),
    ).resolves.toBe(0);
    // Show data: one row per day, successes + errors add up to the Requests total.
    await page.getByText("Show data").first().click();
    const table = page.getByRole("table", { name: /usage/i }).first();
    await table.waitFor();
    const cells = await table
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? "")),
      );
    expect(cells.length).toBeGreaterThanOrEqual(7);
    const n = (s: string) => Number(s.replace(/,/g, ""));
    const sum = cells.reduce((acc, [, ok = "0", err = "0"]) => acc + n(ok) + n(err), 0);
    const total = (await page.getByTestId("usage-total-requests").first().textContent()) ?? "";
    expect(sum.toLocaleString("en-GB")).toBe(total.trim());
    // Thousands separators in the table and on the axis, as in the text.
    const tickTexts = () =>
      chart
        .locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value")
        .allTextContents();
    // The chart measures its box after mounting, then draws its axes: wait for the ticks.
    await expect.poll(async () => (await tickTexts()).length).toBeGreaterThan(1);
    const ticks = await tickTexts();
    for (const t of ticks) expect(t).toBe(n(t).toLocaleString("en-GB"));
    if (sum >= 1000) expect(total).toContain(",");
  });

  it("WCAG 1.4.3, 1.4.11, R-PORTAL-HOME: the dark theme follows the system, a toggle remembers the choice in this browser, set before paint under the CSP", async () => {
    const page = await e2e.newPage();
    await page.emulateMedia({ colorScheme: "dark" });
    await gotoHydrated(page, e2e.url(`/${ORG}`));
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
    await expect(isDark()).resolves.toBe(true);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    // The system turns light: the page follows (no choice made yet).
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(isDark).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(bg);

    // Choose dark with the toggle (keyboard): remembered over a reload although the system is light.
    const toggle = await tabTo(page, named("button", "Dark theme"));
    expect(toggle.name).toBe("Dark theme");
    await page.keyboard.press("Enter");
    await expect.poll(isDark).toBe(true);
    await expect(
      page.getByRole("button", { name: "Dark theme" }).getAttribute("aria-pressed"),
    ).resolves.toBe("true");
    await page.reload();
    // Before hydration already (the inline script ran before paint).
    await expect(isDark()).resolves.toBe(true);
    await waitForHydration(page);
    const violations = await checkA11y(page); // includes CSP violations (the inline script's nonce)
    expect(violations, formatViolations("portal home, dark", violations)).toEqual([]);
  });

  /**
   * Axe on each path with the page as it is set up (theme, login), plus no sideways scrolling at
   * 375 px. One logged-in page per viewport: logins are rate-limited.
   */
  async function problemsOn(page: Page, paths: string[], where: string): Promise<string[]> {
    const problems: string[] = [];
    const width = page.viewportSize()?.width ?? 0;
    for (const path of paths) {
      await gotoHydrated(page, e2e.url(path));
      if (!(await page.evaluate(() => document.documentElement.classList.contains("dark"))))
        problems.push(`${path} (${width} px): not in the dark theme`);
      const violations = await checkA11y(page);
      if (violations.length)
        problems.push(formatViolations(`${where} ${path} (${width} px)`, violations));
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scroll > width) problems.push(`${path} (${width} px): ${scroll} px wide`);
    }
    return problems;
  }

  it(
    "WCAG 1.4.3, 1.4.11, R-PORTAL-HOME, R-DEV-KEYS, R-KEYREQ-APPROVE, R-USAGE-PAGE: axe finds nothing serious on the main screens in the dark theme at 1280 and 375 px",
    { timeout: 300_000 },
    async () => {
      const problems: string[] = [];
      for (const size of [DESKTOP, MOBILE]) {
        const visitor = await e2e.newPage(size);
        await visitor.emulateMedia({ colorScheme: "dark" });
        problems.push(
          ...(await problemsOn(
            visitor,
            [`/${ORG}`, `/${ORG}/login`, `/${ORG}/signup`, `/${ORG}/catalog`],
            "dark, visitor",
          )),
        );
        const developer = await e2e.newPage(size);
        await developer.emulateMedia({ colorScheme: "dark" });
        await login(
          developer,
          e2e.url(`/${ORG}/login`),
          DEMO.developer.email,
          DEMO.developer.password,
        );
        await waitForPath(developer, `/${ORG}/dashboard`);
        problems.push(
          ...(await problemsOn(
            developer,
            [`/${ORG}/catalog/pro`, `/${ORG}/dashboard`, `/${ORG}/keys`, `/${ORG}/account`],
            "dark, developer",
          )),
        );
        const admin = await e2e.newPage(size);
        await admin.emulateMedia({ colorScheme: "dark" });
        await loginAdmin(admin, e2e);
        problems.push(
          ...(await problemsOn(
            admin,
            [
              "/admin",
              "/admin/developers",
              "/admin/developers?q=alice",
              "/admin/key-requests?status=all",
              "/admin/usage",
              "/admin/policies",
              "/admin/settings",
            ],
            "dark, admin",
          )),
        );
      }
      expect(problems, problems.join("\n")).toEqual([]);
    },
  );

  it(
    "WCAG 1.4.3, 2.4.7: screenshots of the changed screens in light, dark and forced colours at 1280 and 375 px (test-results/issue16-*.png)",
    { timeout: 240_000 },
    async () => {
      const shots: string[] = [];
      const page = await e2e.newPage(DESKTOP);
      await loginAdmin(page, e2e);
      await gotoHydrated(page, e2e.url("/admin/developers?q=alice"));
      const profile = (await page
        .getByRole("link", { name: DEMO.developer.email })
        .getAttribute("href")) as string;
      for (const [mode, media] of [
        ["light", { colorScheme: "light", forcedColors: "none" }],
        ["dark", { colorScheme: "dark", forcedColors: "none" }],
        ["forced", { colorScheme: "light", forcedColors: "active" }],
      ] as const) {
        await page.emulateMedia(media);
        for (const [width, size] of [
          ["1280", DESKTOP],
          ["375", MOBILE],
        ] as const) {
          await page.setViewportSize(size);
          for (const [name, path] of [
            ["portal-entry", `/${ORG}/catalog/pro`],
            ["developer", profile],
            ["key-requests", "/admin/key-requests?status=all"],
          ] as const) {
            await gotoHydrated(page, e2e.url(path));
            if (name === "developer") await page.getByTestId("usage-chart").first().waitFor();
            shots.push((await screenshot(page, `issue16-${mode}-${name}-${width}`)) ?? "");
          }
        }
      }
      expect(shots.filter((s) => s === "")).toEqual([]);
    },
  );
});
