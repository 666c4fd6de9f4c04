import { describe, expect, it } from "vitest";
import { cspViolations, expectVisible } from "@/tests/helpers/browser";
import { DEMO, login, useE2E, waitForPath } from "@/tests/helpers/e2e";

/**
 * R-MGMT-API in Chromium against `next start`: Console → Tokens links the interactive reference
 * (Scalar, bundled: no CDN), which renders the served document under the nonce CSP with no
 * violation and no request to another origin.
 */
describe("R-MGMT-API: the API reference page", () => {
  const e2e = useE2E({ seed: true });

  it("R-MGMT-API: an admin opens Tokens → API reference and reads the operations; nothing loads from outside, no CSP violation", async () => {
    const page = await e2e.newPage();
    const origin = new URL(e2e.url("/")).origin;
    const foreign: string[] = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.origin !== origin && !["data:", "blob:"].includes(u.protocol)) foreign.push(r.url());
    });
    await login(page, e2e.url("/admin/login"), DEMO.admin.email, DEMO.admin.password);
    await waitForPath(page, "/admin");
    await page.goto(e2e.url("/admin/tokens"));
    await page.getByRole("link", { name: "API reference" }).click();
    await waitForPath(page, "/admin/tokens/api-reference");
    const reference = page.getByTestId("api-reference");
    await expectVisible(reference.getByText("Create a developer").first(), 30_000);
    // Every resource is in the navigation; a tag's operations render when it is opened.
    for (const tag of ["Key requests", "Policies", "APIs", "Catalog", "Audit", "Gateway"])
      await expectVisible(reference.getByText(tag, { exact: true }).first());
    await reference.getByText("Gateway", { exact: true }).first().click();
    await expectVisible(reference.getByText("Authorize a call (NGINX auth_request)").first());
    await expect.poll(() => cspViolations(page)).toEqual([]);
    expect(foreign).toEqual([]);

    const doc = await fetch(e2e.url("/api/v1/openapi.json"));
    expect(doc.status).toBe(200);
    const body = (await doc.json()) as { openapi: string; servers: Array<{ url: string }> };
    expect(body.openapi).toBe("3.1.0");
    expect(body.servers[0]?.url).toBe(origin);
  });

  it("R-MGMT-API: the reference page needs an admin session", async () => {
    const page = await e2e.newPage();
    await page.goto(e2e.url("/admin/tokens/api-reference"));
    await waitForPath(page, "/admin/login");
  });
});
