import { expectVisible } from "@/tests/helpers/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { gotoHydrated, MOBILE } from "../helpers/browser";
import { DEMO, expectAccessible, login, pathOf, useE2E, waitForPath } from "../helpers/e2e";

/**
 * The configuration an admin needs first: APIs, policies, catalog, portal settings,
 * through the browser against `next start` with the seeded demo organisation.
 */
describe("admin configuration: APIs, policies, catalog, settings", () => {
  const e2e = useE2E({ seed: true });

  async function loginAs(page: Page, email: string) {
    await login(page, e2e.url("/admin/login"), email, DEMO.admin.password);
    await waitForPath(page, "/admin");
  }

  /**
   * Closes the success toasts before an accessibility check: sonner's rich success colours fail
   * axe's contrast rule (a shared Toaster matter, reported separately), not the page under test.
   */
  async function closeToasts(page: Page) {
    for (const button of await page.locator("[data-sonner-toast] button[data-close-button]").all())
      await button.click().catch(() => undefined);
    await page
      .locator("[data-sonner-toast]")
      .first()
      .waitFor({ state: "detached" })
      .catch(() => undefined);
  }

  /**
   * Checks accessibility once the page is still: no submit pending and no CSS transition running
   * (axe would read a button's colour half-way through its hover/pending transition).
   */
  async function expectStillAccessible(page: Page, where: string) {
    await page.waitForFunction(
      () =>
        !document.querySelector('button[aria-disabled="true"]') &&
        document.getAnimations().every((a) => a.playState !== "running"),
    );
    await expectAccessible(page, where);
  }

  /** Clicks the form's submit button and waits for the client-side move to `path`. */
  async function submitAndWait(page: Page, button: string, path: string) {
    await page.getByRole("button", { name: button, exact: true }).click();
    await waitForPath(page, path);
  }

  it(
    "R-CATALOG: an admin creates an API, a GET-only policy granting it and a catalog entry with a required reason field",
    { timeout: 150_000 },
    async () => {
      const page = await e2e.newPage();
      await loginAs(page, DEMO.admin.email);

      // API: a validation error keeps what was typed and says what is wrong, beside the field.
      await gotoHydrated(page, e2e.url("/admin/apis"));
      await expectStillAccessible(page, "APIs list");
      await page.getByRole("link", { name: "New API" }).click();
      await waitForPath(page, "/admin/apis/new");
      await expectStillAccessible(page, "new API form");
      await page.getByLabel("Name", { exact: true }).fill("Forecasts");
      // Slug and listen path follow the name until edited.
      await expect(page.getByLabel("Slug", { exact: true }).inputValue()).resolves.toBe(
        "forecasts",
      );
      await expect(page.getByLabel("Listen path", { exact: true }).inputValue()).resolves.toBe(
        "/forecasts/",
      );
      await page.getByLabel("Listen path", { exact: true }).fill("forecasts");
      await page.getByLabel("Authentication").selectOption("oauth");
      await page.getByRole("button", { name: "Create API" }).click();
      await page.getByText('Start with "/", like /weather/.').waitFor();
      await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe(
        "Forecasts",
      );
      await expect(page.getByLabel("Slug", { exact: true }).inputValue()).resolves.toBe(
        "forecasts",
      );
      await expect(page.getByLabel("Listen path", { exact: true }).inputValue()).resolves.toBe(
        "forecasts",
      );
      await expect(page.getByLabel("Authentication").inputValue()).resolves.toBe("oauth");
      await expect(
        page.getByLabel("Listen path", { exact: true }).getAttribute("aria-invalid"),
      ).resolves.toBe("true");
      await expectStillAccessible(page, "new API form with errors");
      await page.getByLabel("Listen path", { exact: true }).fill("/forecasts");
      await submitAndWait(page, "Create API", "/admin/apis");
      await page.getByText("API “Forecasts” created.").waitFor();
      const apiRow = page.getByRole("row", { name: /Forecasts/ });
      await expect(apiRow.getByRole("cell").allTextContents()).resolves.toEqual([
        "Forecasts",
        "forecasts",
        "/forecasts/",
        "OAuth",
        "0",
      ]);

      // Policy: 5 requests a second, unlimited quota, Forecasts with GET only.
      await gotoHydrated(page, e2e.url("/admin/policies/new"));
      await expectStillAccessible(page, "new policy form");
      await page.getByLabel("Name", { exact: true }).fill("Forecasts basic");
      await page.getByLabel("Requests", { exact: true }).fill("5");
      await page.getByLabel("Per (seconds)").fill("1");
      await page.getByLabel("Unlimited quota").check();
      await page.getByRole("checkbox", { name: /Forecasts/ }).check();
      await page.getByRole("checkbox", { name: "GET", exact: true }).check();
      await page.getByLabel("Tags (optional)").fill("beta");
      await expectStillAccessible(page, "new policy form, API granted");
      await submitAndWait(page, "Create policy", "/admin/policies");
      await page.getByText("Policy “Forecasts basic” created.").waitFor();
      await closeToasts(page);
      await expectStillAccessible(page, "policies list");
      const policyRow = page.getByRole("row", { name: /Forecasts basic/ });
      await expect(policyRow.getByRole("cell").allTextContents()).resolves.toEqual([
        "Forecasts basic",
        "5 / 1 s",
        "Unlimited",
        "Forecasts",
        "beta",
        "Active",
        "0",
      ]);
      await policyRow.getByRole("link", { name: "Forecasts basic" }).click();
      await page.getByRole("heading", { level: 1, name: "Forecasts basic" }).waitFor();
      await waitForPath(page, pathOf(page));
      await expect(
        page.getByRole("checkbox", { name: "GET", exact: true }).isChecked(),
      ).resolves.toBe(true);
      await expect(
        page.getByRole("checkbox", { name: "POST", exact: true }).isChecked(),
      ).resolves.toBe(false);
      await expectStillAccessible(page, "policy detail");

      // Catalog entry publishing it, with one required reason field.
      await gotoHydrated(page, e2e.url("/admin/catalog"));
      await expectStillAccessible(page, "catalog list");
      await page.getByRole("link", { name: "New entry" }).click();
      await waitForPath(page, "/admin/catalog/new");
      await page.getByLabel("Policy", { exact: true }).selectOption({ label: "Forecasts basic" });
      await page.getByLabel("Name", { exact: true }).fill("Forecasts — Beta");
      await page.getByLabel("Slug", { exact: true }).fill("forecasts-beta");
      await page.getByLabel("Short description (optional)").fill("Ten-day forecasts, GET only.");
      await page.getByRole("button", { name: "Add field" }).click();
      // The new row's label field has the focus, so a keyboard user can type at once.
      await expect(page.evaluate(() => document.activeElement?.getAttribute("name"))).resolves.toBe(
        "reason.0.label",
      );
      await page.keyboard.type("Company");
      await page.getByLabel("Required", { exact: true }).check();
      await expectStillAccessible(page, "new catalog entry form");
      await submitAndWait(page, "Create entry", "/admin/catalog");
      await page.getByText("Catalog entry “Forecasts — Beta” created.").waitFor();
      const entryRow = page.getByRole("row", { name: /Forecasts — Beta/ });
      await expect(entryRow.getByRole("cell").nth(1).textContent()).resolves.toBe(
        "Forecasts basic",
      );
      await expect(entryRow.getByRole("cell").nth(4).textContent()).resolves.toBe("1");

      // The APIs list now counts the granting policy; deleting the API says which policy loses access.
      await gotoHydrated(page, e2e.url("/admin/apis"));
      await expect(
        page
          .getByRole("row", { name: /Forecasts/ })
          .getByRole("cell")
          .last()
          .textContent(),
      ).resolves.toBe("1");
      await page.getByRole("link", { name: "Forecasts", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Forecasts" }).waitFor();
      await waitForPath(page, pathOf(page));
      await page.getByRole("button", { name: "Delete API" }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog.getByTestId("delete-impact").textContent()).resolves.toContain(
        "1 policy loses access to it: Forecasts basic.",
      );
      await expectStillAccessible(page, "delete API dialog");
      await dialog.getByRole("button", { name: "Cancel" }).click();
    },
  );

  it("R-CATALOG: deleting a catalog entry goes back to the Catalog list, with the console menu and a notice (not a bare Not found)", async () => {
    const page = await e2e.newPage();
    await loginAs(page, DEMO.admin.email);
    await gotoHydrated(page, e2e.url("/admin/catalog/new"));
    // Any seeded policy: this test does not depend on the ones the first test creates.
    await page.getByLabel("Policy", { exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Name", { exact: true }).fill("Short-lived entry");
    await page.getByLabel("Slug", { exact: true }).fill("short-lived");
    await submitAndWait(page, "Create entry", "/admin/catalog");
    await page.getByRole("link", { name: "Short-lived entry" }).click();
    await page.getByRole("heading", { level: 1, name: "Short-lived entry" }).waitFor();
    await waitForPath(page, pathOf(page));
    await page.getByRole("button", { name: "Delete entry" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete entry" }).click();
    await waitForPath(page, "/admin/catalog");
    await expectVisible(page.getByText("Catalog entry deleted.", { exact: false }));
    await expectVisible(page.getByRole("navigation").getByRole("link", { name: "Catalog" }));
    await expect(page.getByRole("link", { name: "Short-lived entry" }).count()).resolves.toBe(0);
    await closeToasts(page);
    await expectStillAccessible(page, "catalog list after a deletion");
  });

  it("R-PORTAL-SIGNUP: settings refuse a password length under 8 (R-SEC-PASSWORDS), keep the typed values and save signup fields", async () => {
    const page = await e2e.newPage();
    await loginAs(page, DEMO.admin.email);
    await gotoHydrated(page, e2e.url("/admin/settings"));
    await expectStillAccessible(page, "settings");
    await page.getByLabel("Minimum password length").fill("7");
    await page.getByLabel("Sender").fill("Acme APIs <apis@acme.test>");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("At least 8: no portal allows shorter passwords.").waitFor();
    await expect(page.getByLabel("Minimum password length").inputValue()).resolves.toBe("7");
    await expect(page.getByLabel("Sender").inputValue()).resolves.toBe(
      "Acme APIs <apis@acme.test>",
    );
    await expect(page.getByLabel("Field 1 label").inputValue()).resolves.toBe("Company");
    await expectStillAccessible(page, "settings with errors");

    await page.getByLabel("Minimum password length").fill("10");
    await page.getByRole("button", { name: "Add field" }).click();
    await page.getByLabel("Field 3 label").fill("Phone");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Portal settings saved.").waitFor();
    await gotoHydrated(page, e2e.url(`/${DEMO.orgSlug}/signup`));
    await page.getByLabel("Phone (optional)").waitFor();
    await expectVisible(page.getByText(/At least 10 characters/));
  });

  it("R-KEYREQ-MODES: the redirect mode needs a URL; secure key approval is only offered when an admin approves", async () => {
    const page = await e2e.newPage(MOBILE);
    await loginAs(page, DEMO.admin.email);
    await gotoHydrated(page, e2e.url("/admin/settings"));
    await expect(page.getByLabel("Secure key approval").isEnabled()).resolves.toBe(true);
    await page.getByLabel("Key approval", { exact: true }).selectOption("redirect");
    await expect(page.getByLabel("Secure key approval").isEnabled()).resolves.toBe(false);
    await page.getByRole("button", { name: "Save settings" }).click();
    await page
      .getByText("Enter the page developers are sent to: the Redirect mode needs it.")
      .waitFor();
    await expect(page.getByLabel("Key approval", { exact: true }).inputValue()).resolves.toBe(
      "redirect",
    );
    await expectStillAccessible(page, "settings with errors (375 px)");
  });

  it("R-CATALOG: a viewer reads the configuration (APIs, policies, catalog, settings) but gets no way to change it", async () => {
    const page = await e2e.newPage();
    await loginAs(page, DEMO.viewer.email);
    for (const [path, button] of [
      ["/admin/apis", "New API"],
      ["/admin/policies", "New policy"],
      ["/admin/catalog", "New entry"],
    ] as const) {
      await gotoHydrated(page, e2e.url(path));
      await expectVisible(page.getByRole("table"));
      await expect(page.getByRole("link", { name: button }).count()).resolves.toBe(0);
    }
    await page.getByRole("link", { name: "Payments — Partners" }).click();
    await page.getByText("Read only").waitFor();
    await expect(page.getByLabel("Name", { exact: true }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Save entry" }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Delete entry" }).count()).resolves.toBe(0);
    await gotoHydrated(page, e2e.url("/admin/settings"));
    await expect(page.getByLabel("Minimum password length").isDisabled()).resolves.toBe(true);
    await expectStillAccessible(page, "settings (viewer)");
  });
});
