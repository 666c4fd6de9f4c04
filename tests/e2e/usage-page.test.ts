import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { expectVisible, gotoHydrated, screenshot } from "../helpers/browser";
import { DEMO, expectAccessible, useE2E, waitForPath } from "../helpers/e2e";
import { loginAdmin, VIEWPORTS } from "../helpers/portal-e2e";

/** Console → Usage (R-USAGE-PAGE) and its CSV (R-USAGE-EXPORT), on the seeded demo traffic. */
describe("R-USAGE-PAGE: the console's Usage page", () => {
  const e2e = useE2E({ seed: true });

  it("R-USAGE-PAGE, R-USAGE-EXPORT: calls and refusals by code over time, by API, top developers and keys (linked), and the range as CSV summing to the chart; a reversed custom range says why", async () => {
    const page = await e2e.newPage();
    await loginAdmin(page, e2e);
    await gotoHydrated(page, e2e.url("/admin/usage"));
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Usage");
    await page.getByTestId("usage-chart").waitFor();
    const apis = page.getByRole("table", { name: "Usage by API" });
    await expectVisible(apis.getByText("Weather", { exact: true }));
    const devs = page.getByRole("table", { name: "Top developers by calls" });
    await expect(devs.locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    const keys = page.getByRole("table", { name: "Top keys by calls" });
    await expect(keys.locator("tbody tr").count()).resolves.toBeGreaterThan(0);

    const csvHref = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    const csv = await page.request.get(e2e.url(csvHref ?? ""));
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const csvLines = (await csv.text()).trim().split("\n");
    expect(csvLines[0]).toBe(
      "day,developer_id,developer_email,key_id,key_start,api_id,api_slug,requests,successes,errors",
    );
    // The CSV's rows sum to the chart's totals; the refusals by code to its errors.
    const total = async (id: string) =>
      Number(((await page.getByTestId(id).textContent()) ?? "").replace(/\D/g, ""));
    const column = (i: number) =>
      csvLines.slice(1).reduce((a, l) => a + Number(l.split(",").at(i)), 0);
    expect(column(-3)).toBe(await total("usage-total-requests"));
    expect(column(-1)).toBe(await total("usage-total-errors"));
    const codes = page.getByRole("table", { name: "Refused calls by code" });
    await expectVisible(codes.getByText("Rate limited", { exact: true }));
    const byCode = await codes
      .locator("tbody tr td:nth-child(2)")
      .evaluateAll((cells) => cells.map((c) => Number((c.textContent ?? "").replace(/\D/g, ""))));
    expect(byCode.reduce((a, n) => a + n, 0)).toBe(await total("usage-total-errors"));
    await page.getByTestId("refusal-chart").waitFor();

    // One API: every card narrows to it, and so does the CSV.
    await page.getByLabel("API", { exact: true }).selectOption({ label: "Geocoding" });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL((u) => /^api_/.test(u.searchParams.get("api") ?? ""));
    await page.getByTestId("usage-chart").waitFor();
    await expect(apis.locator("tbody tr").allTextContents()).resolves.toEqual([
      expect.stringContaining("Geocoding"),
    ]);
    const apiCsv = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    expect(apiCsv).toMatch(/&api_id=api_/);
    const apiLines = (await (await page.request.get(e2e.url(apiCsv ?? ""))).text())
      .trim()
      .split("\n")
      .slice(1);
    expect(apiLines.length).toBeGreaterThan(0);
    expect(new Set(apiLines.map((l) => l.split(",").at(-4)))).toEqual(new Set(["geocoding"]));
    expect(apiLines.reduce((a, l) => a + Number(l.split(",").at(-3)), 0)).toBe(
      await total("usage-total-requests"),
    );
    // The range presets keep the API.
    await page
      .getByRole("navigation", { name: "Range" })
      .getByRole("link", { name: "Last 30 days" })
      .click();
    await page.waitForURL((u) => u.searchParams.get("range") === "30d");
    expect(new URL(page.url()).searchParams.get("api")).toMatch(/^api_/);
    await page.goto(e2e.url("/admin/usage"));

    await page
      .getByRole("navigation", { name: "Range" })
      .getByRole("link", { name: "Last 24 hours" })
      .click();
    await page.waitForURL((u) => u.searchParams.get("range") === "24h");
    // The address changes before the new range's page has replaced the old one: wait for it.
    await expect.poll(() => page.getByTestId("usage-window").textContent()).toMatch(/\d{2}:00 – /);

    await page.getByLabel("From (UTC day)").fill("2026-11-20");
    await page.getByLabel("To (UTC day)").fill("2026-11-10");
    await page.getByRole("button", { name: "Show" }).click();
    await expectVisible(page.getByText("The end day is before the start day."));
    await expect(page.getByLabel("From (UTC day)").inputValue()).resolves.toBe("2026-11-20");

    // A top developer opens their profile.
    await page.goto(e2e.url("/admin/usage"));
    await devs.getByRole("link").first().click();
    await page.waitForURL((u) => /^\/admin\/developers\/dev_/.test(u.pathname));
    await waitForPath(page, new URL(page.url()).pathname);
  });

  it("R-USAGE-EXPORT: a developer's profile and a key's analytics download their own rows only", async () => {
    const page = await e2e.newPage();
    await loginAdmin(page, e2e);
    await gotoHydrated(page, e2e.url("/admin/developers?q=alice"));
    await page.getByRole("link", { name: DEMO.developer.email }).click();
    await page.waitForURL((u) => /^\/admin\/developers\/dev_/.test(u.pathname));
    const href = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    const rows = (await (await page.request.get(e2e.url(href ?? ""))).text()).trim().split("\n");
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => r.split(",")[2] === DEMO.developer.email)).toBe(true);
    // Another organisation's (or a made-up) key id reads nothing.
    const foreign = await page.request.get(
      e2e.url(`/admin/usage/csv?from=2026-11-01&to=2026-11-02&key_id=${newId("key")}`),
    );
    expect([foreign.status(), (await foreign.text()).trim().split("\n").length]).toEqual([200, 1]);
  });

  it("R-USAGE-PAGE: the Usage page is axe-clean at 1280 and 375 px; without a session the CSV is refused", async () => {
    for (const { name, size } of VIEWPORTS) {
      const page = await e2e.newPage(size);
      await loginAdmin(page, e2e);
      await gotoHydrated(page, e2e.url("/admin/usage?range=30d"));
      await page.getByTestId("usage-chart").waitFor();
      await page.getByTestId("refusal-chart").waitFor();
      await expectAccessible(page, `usage page (${name})`);
      await screenshot(page, `usage-page-${size.width}`);
    }
    const anonymous = await e2e.newPage();
    const refused = await anonymous.request.get(
      e2e.url("/admin/usage/csv?from=2026-11-01&to=2026-11-02"),
    );
    expect(refused.status()).toBe(401);
  });
});
