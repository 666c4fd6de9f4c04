import { describe, expect, it } from "vitest";
import { expectVisible, gotoHydrated, screenshot } from "../helpers/browser";
import { DEMO, expectAccessible } from "../helpers/e2e";
import { loginAdmin, loginDeveloper, ORG, VIEWPORTS } from "../helpers/portal-e2e";
import { useE2E } from "../helpers/e2e";

/** The portal's front door (R-PORTAL-HOME) and Settings → Branding, in Chromium. */
describe("R-PORTAL-HOME: the portal's front door and its branding", () => {
  // The interactive reference test serves an OpenAPI document from this same (loopback) server.
  const e2e = useE2E({ seed: true, env: { GATEHOUSE_ALLOW_PRIVATE_TARGETS: "1" } });

  it("R-PORTAL-HOME: signed out, it shows the organisation, its published APIs as cards and Get started with a copy-paste call, at 1280 and 375 px", async () => {
    for (const { name, size } of VIEWPORTS) {
      const page = await e2e.newPage(size);
      await gotoHydrated(page, e2e.url(`/${ORG}`));
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
        `${DEMO.orgName} developer portal`,
      );
      const cards = page.getByRole("region", { name: "APIs" }).getByRole("listitem");
      await expect(cards.count()).resolves.toBeGreaterThanOrEqual(2);
      await expectVisible(cards.getByRole("link", { name: "Weather — Free", exact: true }));
      const start = page.getByRole("region", { name: "Get started" });
      await expect(start.getByRole("listitem").count()).resolves.toBe(3);
      const call = (await page.getByLabel("Example call with curl").textContent()) ?? "";
      expect(call).toMatch(/curl -H "X-API-Key: \$API_KEY" http:\/\/[\w.]+:\d+\/\w+\//);
      expect(call).toContain('API_KEY="your-key"');
      await expectAccessible(page, `portal front door (${name})`);
      await screenshot(page, `portal-home-${size.width}`);
    }
  });

  it("R-PORTAL-HOME: a signed-in developer's call is filled in with the start of their own key", async () => {
    const page = await e2e.newPage();
    await loginDeveloper(page, e2e, DEMO.developer.email, DEMO.developer.password);
    await gotoHydrated(page, e2e.url(`/${ORG}/keys`));
    const starts = (await page.getByTestId("portal-key").locator("code").allTextContents()).map(
      (s) => s.replace("…", ""),
    );
    await gotoHydrated(page, e2e.url(`/${ORG}`));
    const call = (await page.getByLabel("Example call with curl").textContent()) ?? "";
    const used = /API_KEY="(gh_\w+)…"/.exec(call)?.[1];
    expect(starts).toContain(used);
    await expectVisible(page.getByRole("link", { name: "Go to your dashboard" }));
    await expectAccessible(page, "portal front door, signed in");
  });

  it("R-PORTAL-HOME: an admin sets the accent colour (a too-light one is refused with its contrast, the typed value kept) and a logo; the portal shows both", async () => {
    const admin = await e2e.newPage();
    await loginAdmin(admin, e2e);
    // A real PNG: Chromium's own screenshot of a small area.
    const png = await admin.screenshot({ clip: { x: 0, y: 0, width: 40, height: 20 } });
    await gotoHydrated(admin, e2e.url("/admin/settings"));
    const colour = admin.getByLabel("Accent colour (optional)", { exact: true });
    await colour.fill("#ffd700");
    await admin.getByRole("button", { name: "Save branding" }).click();
    await expectVisible(admin.getByText(/Too light: white text on it has a contrast of 1\.\d:1/));
    await expect(colour.inputValue()).resolves.toBe("#ffd700");

    await colour.fill("#0b5fff");
    await admin.getByLabel("Logo (optional)", { exact: true }).setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: png,
    });
    await expectVisible(admin.getByRole("img", { name: "Current logo" }));
    await admin.getByRole("button", { name: "Save branding" }).click();
    await expectVisible(admin.getByText("Branding saved.").first());
    await expectAccessible(admin, "Settings → Branding");

    const page = await e2e.newPage();
    await gotoHydrated(page, e2e.url(`/${ORG}`));
    const logo = page.getByRole("img", { name: `${DEMO.orgName} logo` });
    await expectVisible(logo);
    await expect
      .poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(40);
    const button = page.getByRole("main").getByRole("link", { name: "Create an account" });
    await expect(button.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe(
      "rgb(11, 95, 255)",
    );
    const served = await page.request.get(e2e.url((await logo.getAttribute("src")) ?? ""));
    expect([served.status(), served.headers()["content-type"]]).toEqual([200, "image/png"]);
    await expectAccessible(page, "branded front door");
    await screenshot(page, "portal-home-branded-1280");
  });

  it("R-CATALOG: a catalog entry's OpenAPI document opens as an interactive reference (the console's renderer)", async () => {
    const admin = await e2e.newPage();
    await loginAdmin(admin, e2e);
    await gotoHydrated(admin, e2e.url("/admin/apis"));
    await admin.getByRole("link", { name: "Weather", exact: true }).click();
    await admin.getByRole("heading", { level: 1, name: "Weather" }).waitFor();
    await admin.getByLabel("OpenAPI URL (optional)").fill(e2e.url("/api/v1/openapi.json"));
    await admin.getByRole("button", { name: "Save API" }).click();
    await expectVisible(admin.getByText(/saved/i).first());

    const page = await e2e.newPage();
    await gotoHydrated(page, e2e.url(`/${ORG}/catalog/weather-free`));
    await page.getByRole("link", { name: "Interactive reference" }).click();
    await page.waitForURL((u) => u.pathname.endsWith("/reference"));
    await expectVisible(
      page.getByRole("heading", { level: 1, name: "Weather — Free API reference" }),
    );
    const reference = page.getByTestId("api-reference");
    await expectVisible(reference.getByText("List developers").first(), 30_000);
    await screenshot(page, "catalog-entry-reference-1280");
  });
});
