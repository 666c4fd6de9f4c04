import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectVisible, gotoHydrated, MOBILE } from "@/tests/helpers/browser";
import { DEMO, expectAccessible, login, pathOf, useE2E, waitForPath } from "@/tests/helpers/e2e";
import { type Receiver, startReceiver } from "@/tests/integration/webhooks-receiver";
import { verifySignature } from "@/lib/webhooks/signature";

const CRON_SECRET = "e2e-cron-secret-0123456789";
const VIEWER = DEMO.viewer;

describe("R-WEBHOOKS: webhook endpoints in the admin console", () => {
  // A 1 s retry loop keeps the retry test short; the backoff itself (10 s first) is unchanged.
  // The receiver listens on 127.0.0.1: private targets must be allowed (R-SEC-SSRF).
  const e2e = useE2E({
    seed: true,
    env: { CRON_SECRET, DELIVERY_INTERVAL_SECONDS: "1", GATEHOUSE_ALLOW_PRIVATE_TARGETS: "1" },
  });
  let receiver: Receiver;
  // The first request fails, so the retry path is exercised too (see the last test).
  let failFirstOf = new Set<number>();
  beforeAll(async () => {
    receiver = await startReceiver((i) => (failFirstOf.has(i) ? 500 : 200));
  });
  afterAll(async () => {
    await receiver.close();
  });

  async function loginAs(page: Page, who: { email: string; password: string }) {
    await login(page, e2e.url("/admin/login"), who.email, who.password);
    await waitForPath(page, "/admin");
  }

  /**
   * Closes toasts before an accessibility check: a toast caught mid-animation (partly
   * transparent) fails axe's contrast rule; that is the shared Toaster's moment, not this page's.
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
   * Reloads until the newest delivery row's first cells read `cells` (event, status, attempts,
   * answer). Matching the whole prefix, not the status alone: a resent delivery reads "delivered"
   * (two attempts) until the page shows it re-queued, and it is written only after the receiver
   * has answered.
   */
  async function waitForNewestDelivery(page: Page, cells: string[], timeoutMs = 30_000) {
    const row = page.getByTestId("delivery-row").first();
    let polls = 0;
    await expect
      .poll(
        async () => {
          if (++polls % 6 === 0) await page.reload();
          const seen =
            (await row.count()) > 0
              ? await row
                  .locator("td")
                  .allTextContents()
                  .catch(() => [])
              : [];
          return seen.slice(0, cells.length);
        },
        { timeout: timeoutMs, interval: 500 },
      )
      .toEqual(cells);
    return row;
  }

  let endpointPath = "";
  let secret = "";

  it("R-WEBHOOKS: admin adds an endpoint (field errors keep what was typed), sees the secret once, and a signed test event is delivered and logged", async () => {
    const page = await e2e.newPage();
    await loginAs(page, DEMO.admin);
    await gotoHydrated(page, e2e.url("/admin/webhooks"));
    await page.getByText("No endpoints yet").waitFor();
    await expectAccessible(page, "webhooks, empty");

    await page.getByRole("link", { name: "Add endpoint" }).click();
    await waitForPath(page, "/admin/webhooks/new");
    await expectAccessible(page, "add endpoint");
    await page.getByLabel("Endpoint URL").fill("ftp://example.com/hook");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByText("The URL must start with https:// or http://.").waitFor();
    await page.getByText("Choose at least one event.").waitFor();
    await expect(page.getByLabel("Endpoint URL").inputValue()).resolves.toBe(
      "ftp://example.com/hook",
    );
    await expectAccessible(page, "add endpoint with errors");
    // A second try with one event ticked: the tick survives the URL error.
    await page.getByLabel("key_request.created").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByText("Choose at least one event.").waitFor({ state: "detached" });
    await page.getByText("The URL must start with https:// or http://.").waitFor();
    await expect(page.getByLabel("key_request.created").isChecked()).resolves.toBe(true);
    await expect(page.getByLabel("developer.created").isChecked()).resolves.toBe(false);

    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("developer.created").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    secret = (await page.getByTestId("secret-once").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_[1-9A-HJ-NP-Za-km-z]{30,}$/);
    await expectAccessible(page, "endpoint secret shown once");

    await page.getByRole("link", { name: "Open endpoint" }).click();
    await page.waitForURL((u) => /^\/admin\/webhooks\/whk_[^/]+$/.test(u.pathname));
    endpointPath = pathOf(page);
    await expect(page.getByTestId("endpoint-url").textContent()).resolves.toBe(receiver.url);
    expect(await page.content()).not.toContain(secret);
    await page.getByText("No deliveries yet").waitFor();
    await expectAccessible(page, "endpoint, no deliveries");

    await page.getByRole("button", { name: "Send test event" }).click();
    const [ping] = await receiver.waitFor(1, 15_000);
    expect(ping?.headers["gatehouse-event"]).toBe("ping");
    expect(
      verifySignature(
        secret,
        String(ping?.headers["gatehouse-signature"]),
        ping?.body ?? "",
        new Date(),
      ),
    ).toBe(true);
    const body = JSON.parse(ping?.body ?? "{}");
    expect(body).toMatchObject({
      type: "ping",
      data: { webhook_id: endpointPath.split("/").pop() },
    });
    expect(ping?.headers["gatehouse-delivery"]).toMatch(/^whd_/);

    const row = await waitForNewestDelivery(page, ["ping", "delivered", "1", "200"]);
    await closeToasts(page);
    await expectAccessible(page, "endpoint with a delivered ping");
    await row.getByRole("link", { name: "ping" }).click();
    await page.waitForURL((u) => u.pathname.startsWith(`${endpointPath}/deliveries/`));
    expect(JSON.parse((await page.getByTestId("delivery-payload").textContent()) ?? "{}")).toEqual(
      body,
    );
    await expectAccessible(page, "delivery detail");

    // The list shows the endpoint with its events.
    await gotoHydrated(page, e2e.url("/admin/webhooks"));
    const list = page.getByRole("table", { name: "Webhook endpoints" });
    await expectVisible(list.getByRole("link", { name: receiver.url }));
    await expect(list.textContent()).resolves.toMatch(
      /developer\.created.*key_request\.created.*Active/,
    );
    await expectAccessible(page, "webhooks list");
  });

  it("R-WEBHOOKS: at 375 px the webhook pages fit the screen and stay accessible; a viewer can read but not change", async () => {
    const page = await e2e.newPage(MOBILE);
    await loginAs(page, VIEWER);
    for (const path of ["/admin/webhooks", endpointPath]) {
      await gotoHydrated(page, e2e.url(path));
      await expectVisible(page.getByText("Read only"));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        MOBILE.width,
      );
      await expectAccessible(page, `${path} as viewer (375 px)`);
    }
    for (const name of [
      "Send test event",
      "Rotate secret",
      "Resend",
      "Delete endpoint",
      "Save endpoint",
    ]) {
      await expect(page.getByRole("button", { name }).count()).resolves.toBe(0);
    }
    await expect(page.getByRole("link", { name: "Add endpoint" }).count()).resolves.toBe(0);

    // The admin's versions of the pages (forms and controls) at 375 px too.
    const admin = await e2e.newPage(MOBILE);
    await loginAs(admin, DEMO.admin);
    for (const path of ["/admin/webhooks/new", endpointPath]) {
      await gotoHydrated(admin, e2e.url(path));
      expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        MOBILE.width,
      );
      await expectAccessible(admin, `${path} as admin (375 px)`);
    }
    await expectVisible(admin.getByRole("button", { name: "Send test event" }));
  });

  it("R-WEBHOOKS: a failed delivery is retried by the server itself (no cron) and resend sends it again", async () => {
    const page = await e2e.newPage();
    await loginAs(page, DEMO.admin);
    await gotoHydrated(page, e2e.url(endpointPath));
    const start = receiver.received.length;
    failFirstOf = new Set([start]);
    await page.getByRole("button", { name: "Send test event" }).click();
    await receiver.waitFor(start + 1, 15_000);
    await waitForNewestDelivery(page, ["ping", "retrying"]);
    // The first retry is due 10 s later and sent by the in-process loop of `next start`.
    await receiver.waitFor(start + 2, 40_000);
    const row = await waitForNewestDelivery(page, ["ping", "delivered", "2", "200"]);
    const attempts = receiver.received.slice(start, start + 2);
    expect(attempts.map((r) => r.answered)).toEqual([500, 200]);
    expect(attempts[1]?.body).toBe(attempts[0]?.body);
    expect(attempts[1]?.headers["gatehouse-delivery"]).toBe(
      attempts[0]?.headers["gatehouse-delivery"],
    );

    await row.getByRole("button", { name: /^Resend/ }).click();
    await receiver.waitFor(start + 3, 15_000);
    expect(receiver.received[start + 2]?.headers["gatehouse-delivery"]).toBe(
      attempts[0]?.headers["gatehouse-delivery"],
    );
    expect(receiver.received[start + 2]?.body).toBe(attempts[0]?.body);
    // The resend re-queues the same delivery: its attempts start again (one, answered 200).
    await waitForNewestDelivery(page, ["ping", "delivered", "1", "200"]);
  }, 90_000);

  it("R-WEBHOOKS: /api/cron/deliver requires the CRON_SECRET bearer and answers JSON counts", async () => {
    const refused = await fetch(e2e.url("/api/cron/deliver"));
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(await refused.json()).toMatchObject({ status: 401, code: "unauthorized" });
    const wrong = await fetch(e2e.url("/api/cron/deliver"), {
      headers: { authorization: "Bearer not-the-secret-at-all" },
    });
    expect(wrong.status).toBe(401);
    for (const method of ["GET", "POST"]) {
      const ok = await fetch(e2e.url("/api/cron/deliver"), {
        method,
        headers: { authorization: `Bearer ${CRON_SECRET}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        webhooks: { delivered: 0, retrying: 0, failed: 0, skipped: 0 },
        emails: null,
        quotaAlerts: expect.any(Number),
      });
    }
  });

  it("R-WEBHOOKS: rotating the secret shows the new one once; deleting the endpoint removes it", async () => {
    const page = await e2e.newPage();
    await loginAs(page, DEMO.admin);
    await gotoHydrated(page, e2e.url(endpointPath));
    await page.getByRole("button", { name: "Rotate secret" }).click();
    const dialog = page.getByRole("dialog", { name: "Rotate the signing secret?" });
    await expectAccessible(page, "rotate dialog");
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = (await dialog.getByTestId("secret-once").textContent()) ?? "";
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await dialog.getByRole("button", { name: "Done" }).click();

    const before = receiver.received.length;
    await page.getByRole("button", { name: "Send test event" }).click();
    const latest = (await receiver.waitFor(before + 1, 15_000)).at(-1);
    expect(
      verifySignature(
        rotated,
        String(latest?.headers["gatehouse-signature"]),
        latest?.body ?? "",
        new Date(),
      ),
    ).toBe(true);
    expect(
      verifySignature(
        secret,
        String(latest?.headers["gatehouse-signature"]),
        latest?.body ?? "",
        new Date(),
      ),
    ).toBe(false);

    await page.getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
    await waitForPath(page, "/admin/webhooks");
    await page.getByText("Endpoint deleted. Nothing more is sent to it.").waitFor();
    await page.getByText("No endpoints yet").waitFor();
  });
});
