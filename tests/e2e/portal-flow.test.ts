import { describe, expect, it } from "vitest";
import { DESKTOP, expectVisible, gotoHydrated, MOBILE, screenshot } from "@/tests/helpers/browser";
import { DEMO, expectAccessible, login, pathOf, useE2E, waitForPath } from "@/tests/helpers/e2e";
import {
  problemsAtBothWidths,
  accountMenu,
  countEmails,
  gatehouseKeys,
  linkPath,
  loginAdmin,
  loginDeveloper,
  newLoggedInDeveloper,
  ORG,
  readEmail,
  settle,
  signUp,
} from "@/tests/helpers/portal-e2e";

const RESET_SUBJECT = `Reset your ${DEMO.orgName} portal password`;
const RESET_ANSWER = "If an account exists for this email";

describe("developer portal: signup → key → dashboard → password reset (seeded demo organisation)", () => {
  const e2e = useE2E({ seed: true });

  const asAlice = (page: import("playwright-core").Page) =>
    loginDeveloper(page, e2e, DEMO.developer.email, DEMO.developer.password);

  it(
    "R-PORTAL-SIGNUP, R-CATALOG, R-PORTAL-DASHBOARD, R-PASSWORD-RESET: sign up, get an auto-approved key, see its limits, reset the password and log in with the new one",
    { timeout: 240_000 },
    async () => {
      const email = `journey.${Date.now().toString(36)}@example.com`;
      const oldPassword = "first-password-1";
      const newPassword = "second-password-2";
      const page = await e2e.newPage();

      // Sign up and log in.
      await signUp(page, e2e, { name: "Jo Journey", email, password: oldPassword });
      await loginDeveloper(page, e2e, email, oldPassword);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
        "Dashboard",
      );
      await expect(page.getByTestId("portal-key").count()).resolves.toBe(0);

      // Catalog → "Weather — Free" (auto-approved) → the key, shown once.
      await page
        .getByRole("navigation", { name: "Portal" })
        .getByRole("link", { name: "Catalog" })
        .click();
      await waitForPath(page, `/${ORG}/catalog`);
      await page
        .getByRole("main")
        .getByRole("link", { name: "Weather — Free", exact: true })
        .click();
      await waitForPath(page, `/${ORG}/catalog/weather-free`);
      await page.getByRole("button", { name: "Request key" }).click();
      const secret = page.getByTestId("secret-once");
      await secret.waitFor();
      const key = (await secret.textContent())?.trim() ?? "";
      expect(gatehouseKeys(key)).toEqual([key]);
      await settle(page);
      await expectAccessible(page, "catalog entry with the new key");
      // Shown once: after a reload the page offers a new request, not the same key.
      await page.reload();
      await expect(page.getByTestId("secret-once").count()).resolves.toBe(0);
      await expect(page.content()).resolves.not.toContain(key);

      // Dashboard: the key with the Free policy's limits and an untouched quota.
      await page
        .getByRole("navigation", { name: "Portal" })
        .getByRole("link", { name: "Dashboard" })
        .click();
      await waitForPath(page, `/${ORG}/dashboard`);
      const card = page.getByTestId("portal-key");
      await expect(card.count()).resolves.toBe(1);
      await expect(card.textContent()).resolves.toContain("Weather — Free");
      await expect(card.textContent()).resolves.toContain(key.slice(0, 9));
      await expect(card.getByTestId("rate-limit").first().textContent()).resolves.toBe(
        "10 requests / 60 s",
      );
      await expect(card.getByTestId("quota-used").textContent()).resolves.toBe("0");
      await expect(card.getByTestId("quota-remaining").textContent()).resolves.toBe("1,000");
      await expect(page.content()).resolves.not.toContain(key);
      await expectAccessible(page, "dashboard with a key");

      // Log out through the account menu.
      await accountMenu(page, email, "Log out");
      await waitForPath(page, `/${ORG}/login`);

      // "Request password reset" on the login screen → email → link.
      await page.getByRole("link", { name: "Request password reset" }).click();
      await waitForPath(page, `/${ORG}/reset`);
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByRole("button", { name: "Request password reset" }).click();
      await page.getByText(RESET_ANSWER).waitFor();

      const admin = await e2e.newPage();
      await loginAdmin(admin, e2e);
      const mail = await readEmail(admin, e2e, { to: email, subject: RESET_SUBJECT });
      expect(mail.subject).toBe(RESET_SUBJECT);
      const resetPath = linkPath(mail.text, `/${ORG}/reset/`);

      // A 5-character password is refused with a clear message; the organisation's minimum is 8.
      await gotoHydrated(page, e2e.url(resetPath));
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
        "Choose a new password",
      );
      await expectAccessible(page, "choose a new password");
      await page.getByLabel("New password", { exact: true }).fill("abcde");
      await page.getByLabel("Repeat the new password", { exact: true }).fill("abcde");
      await page.getByRole("button", { name: "Update" }).click();
      await page.getByText("Use at least 8 characters.").waitFor();
      const field = page.getByLabel("New password", { exact: true });
      await expect(field.getAttribute("aria-invalid")).resolves.toBe("true");
      expect(pathOf(page)).toBe(resetPath);
      await settle(page);
      await expectAccessible(page, "choose a new password with errors");

      // A proper password → "Update" → login page.
      await page.getByLabel("New password", { exact: true }).fill(newPassword);
      await page.getByLabel("Repeat the new password", { exact: true }).fill(newPassword);
      await page.getByRole("button", { name: "Update" }).click();
      await waitForPath(page, `/${ORG}/login`);
      expect(new URL(page.url()).searchParams.get("passwordSet")).toBe("1");
      await page.getByText("Log in with your new password.").waitFor();

      // The old password no longer works; the new one does.
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill(oldPassword);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByText("Email or password is incorrect.").waitFor();
      await page.getByLabel("Password", { exact: true }).fill(newPassword);
      await page.getByRole("button", { name: "Log in" }).click();
      await waitForPath(page, `/${ORG}/dashboard`);
      await expect(page.getByTestId("portal-key").count()).resolves.toBe(1);

      // The used reset link is refused.
      const again = await e2e.newPage();
      await gotoHydrated(again, e2e.url(resetPath));
      await again.getByText("This reset link has expired or was already used").waitFor();
      await expect(again.getByLabel("New password", { exact: true }).count()).resolves.toBe(0);
    },
  );

  it(
    "R-PASSWORD-RESET: an older reset link is refused once a newer one was sent",
    { timeout: 120_000 },
    async () => {
      const { page, email } = await newLoggedInDeveloper(e2e, "two-links");
      await accountMenu(page, email, "Log out");
      await waitForPath(page, `/${ORG}/login`);
      const admin = await e2e.newPage();
      await loginAdmin(admin, e2e);

      const paths: string[] = [];
      for (let i = 0; i < 2; i++) {
        await gotoHydrated(page, e2e.url(`/${ORG}/reset`));
        await page.getByLabel("Email", { exact: true }).fill(email);
        await page.getByRole("button", { name: "Request password reset" }).click();
        await page.getByText(RESET_ANSWER).waitFor();
        const deadline = Date.now() + 20_000;
        while ((await countEmails(admin, e2e, { to: email, subject: RESET_SUBJECT })) < i + 1) {
          if (Date.now() > deadline) throw new Error(`reset email ${i + 1} did not arrive`);
          await admin.waitForTimeout(500);
        }
        paths.push(
          linkPath(
            (await readEmail(admin, e2e, { to: email, subject: RESET_SUBJECT })).text,
            `/${ORG}/reset/`,
          ),
        );
      }
      expect(paths[0]).not.toBe(paths[1]);
      await gotoHydrated(page, e2e.url(paths[0] ?? ""));
      await page.getByText("This reset link has expired or was already used").waitFor();
      await expectAccessible(page, "expired reset link");
      await gotoHydrated(page, e2e.url(paths[1] ?? ""));
      await expect(page.getByLabel("New password", { exact: true }).isEditable()).resolves.toBe(
        true,
      );
    },
  );

  it(
    "R-PASSWORD-RESET: the reset request answers the same for an unknown email, and sends nothing",
    { timeout: 90_000 },
    async () => {
      const page = await e2e.newPage();
      const ghost = `ghost.${Date.now().toString(36)}@example.com`;
      const answers: string[] = [];
      for (const email of [ghost, DEMO.developer.email]) {
        await gotoHydrated(page, e2e.url(`/${ORG}/reset`));
        await page.getByLabel("Email", { exact: true }).fill(email);
        await page.getByRole("button", { name: "Request password reset" }).click();
        const answer = page.getByText(RESET_ANSWER);
        await answer.waitFor();
        answers.push((await answer.textContent())?.trim() ?? "");
        expect(pathOf(page)).toBe(`/${ORG}/reset`);
      }
      expect(answers[0]).toBe(answers[1]);
      const admin = await e2e.newPage();
      await loginAdmin(admin, e2e);
      // The known address got its email; the unknown one never does.
      await readEmail(admin, e2e, { to: DEMO.developer.email, subject: RESET_SUBJECT });
      await expect(countEmails(admin, e2e, { to: ghost, subject: RESET_SUBJECT })).resolves.toBe(0);
    },
  );

  it(
    "R-KEY-ROTATE: My keys → Roll with a 1-hour grace shows the new key once and the card shows 'Previous key … valid until' (1280 and 375 px)",
    { timeout: 180_000 },
    async () => {
      for (const viewport of [DESKTOP, MOBILE]) {
        const width = viewport === MOBILE ? "375 px" : "1280 px";
        const { page } = await newLoggedInDeveloper(e2e, "roll");
        await page.setViewportSize(viewport);
        // An auto-approved key from the catalog.
        await gotoHydrated(page, e2e.url(`/${ORG}/catalog/weather-free`));
        await page.getByRole("button", { name: "Request key" }).click();
        const first = page.getByTestId("secret-once");
        await first.waitFor();
        const oldKey = (await first.textContent())?.trim() ?? "";
        const oldStart = oldKey.slice(0, 9);

        await gotoHydrated(page, e2e.url(`/${ORG}/keys`));
        await page.getByRole("button", { name: `Roll key ${oldStart}` }).click();
        const dialog = page.getByRole("dialog", { name: "Roll this key?" });
        await dialog.waitFor();
        await dialog.getByLabel("Keep the old key working for").selectOption({ label: "1 hour" });
        await expectAccessible(page, `Roll this key dialog (${width})`);
        await dialog.getByRole("button", { name: "Roll key" }).click();
        const secret = dialog.getByTestId("secret-once");
        await secret.waitFor();
        const newKey = (await secret.textContent())?.trim() ?? "";
        expect(gatehouseKeys(newKey)).toEqual([newKey]);
        expect(newKey).not.toBe(oldKey);
        await expect(dialog.getByTestId("roll-result").textContent()).resolves.toContain(
          `The old key ${oldStart}… keeps working until`,
        );
        await settle(page);
        await screenshot(page, `key-roll-portal-dialog-${width}`);
        await dialog.getByRole("button", { name: "Done" }).click();
        await dialog.waitFor({ state: "hidden" });

        // One card: the same key with its new start and the old value's grace end.
        const card = page.getByTestId("portal-key");
        await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
        await expect
          .poll(() => card.getByTestId("previous-key").textContent(), { timeout: 15_000 })
          .toMatch(new RegExp(`^Previous key ${oldStart}… valid until .+ UTC$`));
        await expect(card.locator("code").first().textContent()).resolves.toBe(
          `${newKey.slice(0, 9)}…`,
        );
        await expect(card.textContent()).resolves.toContain("Weather — Free");
        await expect(page.content()).resolves.not.toContain(newKey);
        await expectAccessible(page, `My keys during a grace period (${width})`);
        if (viewport === MOBILE) {
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(scroll).toBeLessThanOrEqual(MOBILE.width);
        }
        await screenshot(page, `key-roll-portal-card-${width}`);
      }
    },
  );

  it("R-PORTAL-DASHBOARD: the demo developer's dashboard shows 7 days of usage and each key's policies, rate limit and quota", async () => {
    const page = await e2e.newPage();
    await asAlice(page);
    await page.getByTestId("usage-chart").waitFor();
    const requests =
      (await page.getByTestId("usage-total-requests").textContent())?.replace(/,/g, "") ?? "0";
    expect(Number(requests)).toBeGreaterThan(0);
    const cards = page.getByTestId("portal-key");
    expect(await cards.count()).toBeGreaterThan(0);
    for (const card of await cards.all()) {
      await expect(card.getByTestId("rate-limit").first().textContent()).resolves.toMatch(
        /^[\d,]+ requests \/ \d+ s$/,
      );
    }
    // At least one key has a quota with used / remaining and a reset time.
    const quota = page.getByTestId("quota").first();
    await quota.waitFor();
    const used = Number((await quota.getByTestId("quota-used").textContent())?.replace(/,/g, ""));
    const remaining = Number(
      (await quota.getByTestId("quota-remaining").textContent())?.replace(/,/g, ""),
    );
    expect(used + remaining).toBeGreaterThan(0);
    await expect(quota.textContent()).resolves.toMatch(/resets /);
  });

  it(
    "R-PROFILE-EDIT: Account menu → Edit profile changes the name, telephone, country (picked by name) and the signup fields",
    { timeout: 90_000 },
    async () => {
      const { page, email } = await newLoggedInDeveloper(e2e, "profile");
      await accountMenu(page, email, "Edit profile");
      await waitForPath(page, `/${ORG}/account`);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
        "Edit profile",
      );
      await page.getByLabel("Name", { exact: true }).fill("Pat Profile");
      await page.getByLabel("Telephone (optional)", { exact: true }).fill("+44 20 7946 0000");
      await page.getByLabel("Country (optional)", { exact: true }).fill("Germany");
      // The demo organisation's signup fields are the developer's to edit too.
      await page.getByLabel("Company (optional)", { exact: true }).fill("Profile GmbH");
      await page.getByRole("button", { name: "Save profile" }).click();
      await page.getByText("Profile saved.").first().waitFor();
      await page.reload();
      await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe(
        "Pat Profile",
      );
      await expect(
        page.getByLabel("Country (optional)", { exact: true }).inputValue(),
      ).resolves.toBe("Germany");
      await expect(
        page.getByLabel("Company (optional)", { exact: true }).inputValue(),
      ).resolves.toBe("Profile GmbH");
      // The session survived a profile edit.
      await gotoHydrated(page, e2e.url(`/${ORG}/dashboard`));
      await expectVisible(page.getByText("Welcome, Pat Profile", { exact: false }));
    },
  );

  it(
    "R-PROFILE-EDIT: changing the password needs the current one and ends the other sessions",
    { timeout: 120_000 },
    async () => {
      const { page, email, password } = await newLoggedInDeveloper(e2e, "pwchange");
      const otherSession = await e2e.newPage();
      await loginDeveloper(otherSession, e2e, email, password);

      await gotoHydrated(page, e2e.url(`/${ORG}/account`));
      // Fields by name: the labels of this page are checked in their own test below.
      const form = page
        .locator("form")
        .filter({ has: page.getByRole("button", { name: "Change password" }) });
      const fill = async (current: string, next: string) => {
        await form.locator('input[name="currentPassword"]').fill(current);
        await form.locator('input[name="password"]').fill(next);
        await form.locator('input[name="confirm"]').fill(next);
        await form.getByRole("button", { name: "Change password" }).click();
      };
      await fill("not-the-password", "changed-password-9");
      await form.getByText("Your current password is not correct.").first().waitFor();

      await fill(password, "changed-password-9");
      await page.waitForURL((u) => u.searchParams.get("saved") === "password");
      await page.getByText("Other sessions of this account have been logged out.").waitFor();
      // This browser stays logged in.
      await gotoHydrated(page, e2e.url(`/${ORG}/dashboard`));
      expect(pathOf(page)).toBe(`/${ORG}/dashboard`);

      // The other browser's session has ended; the new password works, the old does not.
      await otherSession.goto(e2e.url(`/${ORG}/dashboard`));
      await waitForPath(otherSession, `/${ORG}/login`);
      await login(otherSession, e2e.url(`/${ORG}/login`), email, password);
      await otherSession.getByText("Email or password is incorrect.").waitFor();
      await loginDeveloper(otherSession, e2e, email, "changed-password-9");
    },
  );

  it("R-PROFILE-EDIT: every input of Edit profile is labelled by its own label (two forms ask for the current password)", async () => {
    const page = await e2e.newPage();
    await asAlice(page);
    await gotoHydrated(page, e2e.url(`/${ORG}/account`));
    for (const [button, labels] of [
      [
        "Save profile",
        ["Name", "Telephone (optional)", "Country (optional)", "Company (optional)"],
      ],
      ["Change email", ["New email", "Current password"]],
      ["Change password", ["Current password", "New password", "Repeat the new password"]],
    ] as const) {
      const form = page.locator("form").filter({ has: page.getByRole("button", { name: button }) });
      for (const label of labels) {
        await expect(
          form.getByLabel(label, { exact: true }).count(),
          `${button}: "${label}"`,
        ).resolves.toBe(1);
      }
    }
    const ids = await page.locator("main [id]").evaluateAll((els) => els.map((e) => e.id));
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      "duplicate ids on Edit profile",
    ).toEqual([]);
  });

  it("R-ORG-PORTAL-URL: the portal header links stay under /acme", async () => {
    const page = await e2e.newPage();
    await asAlice(page);
    const nav = page.getByRole("navigation", { name: "Portal" });
    for (const [name, path] of [
      ["Catalog", `/${ORG}/catalog`],
      ["Dashboard", `/${ORG}/dashboard`],
      ["My keys", `/${ORG}/keys`],
    ] as const) {
      await expect(nav.getByRole("link", { name, exact: true }).getAttribute("href")).resolves.toBe(
        path,
      );
    }
    await expectVisible(
      page.getByRole("button", { name: `Account menu for ${DEMO.developer.email}` }),
    );
  });

  it(
    "R-PORTAL-SIGNUP, R-CATALOG, R-PASSWORD-RESET: public portal screens pass axe at 1280 and 375 px",
    { timeout: 180_000 },
    async () => {
      const problems: string[] = [];
      const page = await e2e.newPage();
      for (const [path, where] of [
        [`/${ORG}`, "portal home"],
        [`/${ORG}/login`, "login"],
        [`/${ORG}/signup`, "signup"],
        [`/${ORG}/reset`, "request password reset"],
        [`/${ORG}/reset/notAValidToken123`, "invalid reset link"],
        [`/${ORG}/catalog`, "catalog (logged out)"],
        [`/${ORG}/catalog/pro`, "catalog entry (logged out)"],
      ] as const)
        problems.push(...(await problemsAtBothWidths(page, e2e, path, where)));
      expect(problems, problems.join("\n")).toEqual([]);
    },
  );

  it(
    "R-PORTAL-DASHBOARD, R-CATALOG, R-PROFILE-EDIT: logged-in portal screens pass axe at 1280 and 375 px",
    { timeout: 240_000 },
    async () => {
      const problems: string[] = [];
      const page = await e2e.newPage();
      await asAlice(page);
      for (const [path, where] of [
        [`/${ORG}/dashboard`, "dashboard"],
        [`/${ORG}/keys`, "my keys"],
        [`/${ORG}/catalog`, "catalog"],
        [`/${ORG}/catalog/weather-free`, "catalog entry (auto)"],
        [`/${ORG}/catalog/payments`, "catalog entry (reviewed, reason fields)"],
        [`/${ORG}/account`, "edit profile"],
      ] as const)
        problems.push(...(await problemsAtBothWidths(page, e2e, path, where)));
      expect(problems, problems.join("\n")).toEqual([]);
    },
  );

  it("R-PROFILE-EDIT: the account menu works from the keyboard on a phone", async () => {
    const page = await e2e.newPage(MOBILE);
    await asAlice(page);
    const trigger = page.getByRole("button", { name: `Account menu for ${DEMO.developer.email}` });
    await trigger.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Edit profile" }).waitFor();
    await expectVisible(page.getByRole("menuitem", { name: "Log out" }));
    await page.keyboard.press("Escape");
    await page.getByRole("menuitem", { name: "Edit profile" }).waitFor({ state: "detached" });
    await trigger.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Edit profile" }).focus();
    await page.keyboard.press("Enter");
    await waitForPath(page, `/${ORG}/account`);
  });

  it("R-ORG-ISOLATION: a demo developer session does not open another organisation's portal pages", async () => {
    const page = await e2e.newPage();
    await login(page, e2e.url(`/${ORG}/login`), DEMO.developer.email, DEMO.developer.password);
    await waitForPath(page, `/${ORG}/dashboard`);
    const res = await page.goto(e2e.url("/not-acme/keys"));
    expect(res?.status()).toBe(404);
  });
});
