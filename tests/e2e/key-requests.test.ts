import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectVisible, gotoHydrated } from "@/tests/helpers/browser";
import { DEMO, expectAccessible, login, pathOf, useE2E, waitForPath } from "@/tests/helpers/e2e";
import {
  countEmails,
  expectAccessibleAtBothWidths,
  gatehouseKeys,
  linkPath,
  loginAdmin,
  loginDeveloper,
  newLoggedInDeveloper,
  ORG,
  readEmail,
  settle,
} from "@/tests/helpers/portal-e2e";

const PRO = "Weather & Geocoding — Pro";
const PAYMENTS = "Payments — Partners";

/** A stand-in for the API provider's own "apply for access" page (Redirect mode). */
function startReceiver(): Promise<{ server: Server; url: string; hits: URL[] }> {
  const hits: URL[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    hits.push(new URL(req.url ?? "/", "http://receiver.local"));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      '<!doctype html><html lang="en"><head><title>Apply</title></head><body><main><h1>Apply for access</h1></main></body></html>',
    );
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/apply`, hits });
    });
  });
}

describe("key requests: auto, admin approval, decline, secure approval, redirect (seeded demo organisation)", () => {
  const e2e = useE2E({ seed: true });
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) =>
      receiver ? receiver.server.close(() => resolve()) : resolve(),
    );
  });

  /** Fills and submits the "Request access" form of a reviewed catalog entry. */
  async function requestAccess(
    page: Page,
    slug: string,
    fill: (page: Page) => Promise<void> = async () => {},
  ) {
    await gotoHydrated(page, e2e.url(`/${ORG}/catalog/${slug}`));
    await fill(page);
    await page.getByRole("button", { name: "Request access" }).click();
  }

  /** After "Request access": the confirmation, or (once the page re-renders) the pending notice. */
  const requestRecorded = (page: Page) =>
    page
      .getByText(/^(Request sent|Request pending)$/)
      .first()
      .waitFor();

  const proReason = (text: string) => async (page: Page) =>
    page.getByLabel("What will you build?", { exact: true }).fill(text);

  /** The admin's row of a developer's pending request on /admin/key-requests. */
  async function pendingRow(admin: Page, email: string) {
    await gotoHydrated(admin, e2e.url("/admin/key-requests"));
    const row = admin.getByTestId("key-request-row").filter({ hasText: email });
    await row.first().waitFor();
    return row;
  }

  /** Saves the portal settings' key-request controls through the admin console. */
  async function saveKeyRequestSettings(
    admin: Page,
    s: { mode: string; redirectUrl?: string; secure?: boolean },
  ) {
    await gotoHydrated(admin, e2e.url("/admin/settings"));
    await admin.getByLabel("Key approval", { exact: true }).selectOption({ label: s.mode });
    if (s.redirectUrl !== undefined) await admin.getByLabel(/^Redirect URL/).fill(s.redirectUrl);
    if (s.secure !== undefined) {
      const box = admin.getByLabel("Secure key approval", { exact: true });
      await box.setChecked(s.secure);
    }
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByText("Portal settings saved.").first().waitFor();
  }

  it("R-KEYREQ-MODES: auto-approval — the key is issued at once and listed under My keys", async () => {
    const page = await e2e.newPage();
    await loginDeveloper(page, e2e, DEMO.developer.email, DEMO.developer.password);
    await gotoHydrated(page, e2e.url(`/${ORG}/catalog/weather-free`));
    await page.getByRole("button", { name: "Request key" }).click();
    const key = ((await page.getByTestId("secret-once").textContent()) ?? "").trim();
    expect(gatehouseKeys(key)).toEqual([key]);
    await page
      .getByRole("navigation", { name: "Portal" })
      .getByRole("link", { name: "My keys" })
      .click();
    await waitForPath(page, `/${ORG}/keys`);
    await expect(
      page
        .getByTestId("portal-key")
        .filter({ hasText: key.slice(0, 9) })
        .count(),
    ).resolves.toBe(1);
    const approved = page
      .getByRole("table", { name: "Access requests" })
      .locator("tbody tr")
      .filter({ hasText: "Weather — Free" })
      .first();
    await expect(approved.textContent()).resolves.toContain("Approved");
  });

  it("R-KEYREQ-RECORD: the reason fields are required; errors are shown on the field and nothing is requested", async () => {
    const { page } = await newLoggedInDeveloper(e2e, "reasons");
    await requestAccess(page, "pro");
    const field = page.getByLabel("What will you build?", { exact: true });
    await page.getByText("What will you build? is required.").waitFor();
    await expect(field.getAttribute("aria-invalid")).resolves.toBe("true");
    await settle(page);
    await expectAccessible(page, "request access with errors");

    await requestAccess(page, "payments", async (p) => {
      await p.getByLabel("Company", { exact: true }).fill("Globex");
    });
    await page.getByText("Monthly volume is required.").waitFor();
    // Typed values are kept after an error.
    await expect(page.getByLabel("Company", { exact: true }).inputValue()).resolves.toBe("Globex");
    await gotoHydrated(page, e2e.url(`/${ORG}/keys`));
    await page.getByText("You have not requested access yet.").waitFor();
  });

  it(
    "R-KEYREQ-APPROVE, R-KEY-EMAIL: admin mode — the developer asks for Pro, the admin approves, the key arrives by email",
    { timeout: 150_000 },
    async () => {
      const { page, email } = await newLoggedInDeveloper(e2e, "approve-me");
      await requestAccess(page, "pro", proReason("A storm-chasing app"));
      await requestRecorded(page);
      // A second request for the same entry is not offered while one is pending (tyk#2274).
      await gotoHydrated(page, e2e.url(`/${ORG}/catalog/pro`));
      await page.getByText("Request pending").waitFor();
      await expect(page.getByRole("button", { name: "Request access" }).count()).resolves.toBe(0);
      await expectAccessible(page, "catalog entry with a pending request");

      const admin = await e2e.newPage();
      await loginAdmin(admin, e2e);
      const row = await pendingRow(admin, email);
      await expect(row.count()).resolves.toBe(1);
      await expect(row.textContent()).resolves.toContain(PRO);
      await expect(row.textContent()).resolves.toContain("A storm-chasing app");
      await expectAccessible(admin, "admin key requests");
      await row.getByRole("button", { name: `Approve request of ${email}` }).click();
      // Decided: the row leaves the pending list.
      await row.waitFor({ state: "detached" });
      await gotoHydrated(admin, e2e.url("/admin/key-requests"));
      await expect(
        admin.getByTestId("key-request-row").filter({ hasText: email }).count(),
      ).resolves.toBe(0);

      const mail = await readEmail(admin, e2e, { to: email, subject: `Your key for ${PRO}` });
      const [key] = gatehouseKeys(mail.text);
      expect(key).toBeDefined();

      // The developer sees the key (by its start) with the Pro limits.
      await gotoHydrated(page, e2e.url(`/${ORG}/dashboard`));
      const card = page.getByTestId("portal-key").filter({ hasText: (key ?? "").slice(0, 9) });
      await expect(card.count()).resolves.toBe(1);
      await expect(card.textContent()).resolves.toContain(PRO);
      await expect(card.getByTestId("rate-limit").first().textContent()).resolves.toBe(
        "100 requests / 60 s",
      );
      await gotoHydrated(page, e2e.url(`/${ORG}/keys`));
      const req = page
        .getByRole("table", { name: "Access requests" })
        .locator("tbody tr")
        .filter({ hasText: PRO });
      await expect(req.textContent()).resolves.toContain("Approved");
    },
  );

  it(
    "R-KEYREQ-DECLINE: the admin declines with a reason; the developer sees “Declined” and “Reason: <reason>” (the word once) and gets an email",
    { timeout: 150_000 },
    async () => {
      const { page, email } = await newLoggedInDeveloper(e2e, "decline-me");
      await requestAccess(page, "payments", async (p) => {
        await p.getByLabel("Company", { exact: true }).fill("Initech");
        await p.getByLabel("Monthly volume", { exact: true }).selectOption("1k–100k");
      });
      await requestRecorded(page);

      const admin = await e2e.newPage();
      await loginAdmin(admin, e2e);
      const row = await pendingRow(admin, email);
      await expect(row.textContent()).resolves.toContain("Initech");
      // The record shows the requested policy (R-KEYREQ-RECORD).
      await expect(row.getByRole("cell").nth(2).textContent()).resolves.toBe("Payments partner");
      await row.getByRole("button", { name: `Decline request of ${email}` }).click();
      const dialog = admin.getByRole("dialog");
      await dialog.waitFor();
      const reason = "We only work with registered payment partners";
      await dialog
        .getByLabel("Reason (optional, shown to the developer)", { exact: true })
        .fill(reason);
      await expectAccessible(admin, "decline dialog");
      await dialog.getByRole("button", { name: "Decline request" }).click();
      await dialog.waitFor({ state: "detached" });
      await gotoHydrated(admin, e2e.url("/admin/key-requests"));
      await expect(
        admin.getByTestId("key-request-row").filter({ hasText: email }).count(),
      ).resolves.toBe(0);

      const mail = await readEmail(admin, e2e, {
        to: email,
        subject: `Your request for ${PAYMENTS}`,
      });
      expect(mail.text).toContain(reason);
      expect(gatehouseKeys(mail.text)).toEqual([]);

      await gotoHydrated(page, e2e.url(`/${ORG}/keys`));
      const mine = page.getByRole("table", { name: "Access requests" }).getByRole("row", {
        name: new RegExp(PAYMENTS),
      });
      await mine.getByText(`Reason: ${reason}`).waitFor();
      const status = (await mine.getByRole("cell").nth(2).textContent()) ?? "";
      expect(status.match(/declined/gi)).toEqual(["Declined"]);
      await expect(page.getByTestId("portal-key").count()).resolves.toBe(0);
      // The decision is kept in the audit log.
      await gotoHydrated(admin, e2e.url("/admin/audit?action=key_request.declined"));
      await expect(admin.locator("main").textContent()).resolves.toContain("key_request.declined");
      // Declined: the developer may ask again.
      await gotoHydrated(page, e2e.url(`/${ORG}/catalog/payments`));
      await expectVisible(page.getByRole("button", { name: "Request access" }));
    },
  );

  it(
    "R-KEY-SECURE-APPROVAL: with “Secure key approval” on, the email holds a Generate-key link that only the requesting developer can use, once",
    { timeout: 240_000 },
    async () => {
      const admin = await e2e.newPage();
      await loginAdmin(admin, e2e);
      await saveKeyRequestSettings(admin, { mode: "An admin approves", secure: true });
      try {
        const { page, email, password } = await newLoggedInDeveloper(e2e, "secure");
        await requestAccess(page, "pro", proReason("Secure thing"));
        await requestRecorded(page);

        const row = await pendingRow(admin, email);
        await row.getByRole("button", { name: `Approve request of ${email}` }).click();
        await row.waitFor({ state: "detached" });
        const mail = await readEmail(admin, e2e, {
          to: email,
          subject: `Generate your key for ${PRO}`,
        });
        expect(gatehouseKeys(mail.text)).toEqual([]);
        await expect(
          countEmails(admin, e2e, { to: email, subject: `Your key for ${PRO}` }),
        ).resolves.toBe(0);
        const generatePath = linkPath(mail.text, `/${ORG}/keys/generate/`);
        // No key exists yet.
        await gotoHydrated(page, e2e.url(`/${ORG}/dashboard`));
        await expect(page.getByTestId("portal-key").count()).resolves.toBe(0);

        // Logged out: the link asks to log in first.
        const anon = await e2e.newPage();
        await anon.goto(e2e.url(generatePath));
        await waitForPath(anon, `/${ORG}/login`);
        expect(new URL(anon.url()).searchParams.get("next")).toBe(generatePath);

        // Another developer (the demo's Alice) is refused, and the link is not spent by it.
        const alice = await e2e.newPage();
        await loginDeveloper(alice, e2e, DEMO.developer.email, DEMO.developer.password);
        await gotoHydrated(alice, e2e.url(generatePath));
        await alice.getByText("This link belongs to another account").waitFor();
        await expect(alice.getByRole("button", { name: "Generate key" }).count()).resolves.toBe(0);
        await expectAccessible(alice, "generate key (other account)");

        // The right developer logs in from the link and gets the key, once.
        await anon.getByLabel("Email", { exact: true }).fill(email);
        await anon.getByLabel("Password", { exact: true }).fill(password);
        await anon.getByRole("button", { name: "Log in" }).click();
        await waitForPath(anon, generatePath);
        await expectAccessible(anon, "generate key");
        await anon.getByRole("button", { name: "Generate key" }).click();
        const spent = anon.getByText("This link has expired or was already used");
        await anon.getByTestId("secret-once").or(spent).first().waitFor();
        // The key is shown once, right here (soft: the rest of the flow is still checked if not).
        const shown = await anon.getByTestId("secret-once").count();
        expect
          .soft(
            shown,
            "after “Generate key” the page showed “This link has expired or was already used” instead of the new key",
          )
          .toBe(1);
        if (shown) {
          const key = ((await anon.getByTestId("secret-once").textContent()) ?? "").trim();
          expect(gatehouseKeys(key)).toEqual([key]);
          await settle(anon);
          await expectAccessible(anon, "generated key shown once");
        }

        // A second time the link is refused, for everyone.
        await gotoHydrated(page, e2e.url(generatePath));
        await page.getByText("This link has expired or was already used").waitFor();
        await expect(page.getByRole("button", { name: "Generate key" }).count()).resolves.toBe(0);
        // Exactly one key was generated, carrying the Pro policy.
        await gotoHydrated(page, e2e.url(`/${ORG}/dashboard`));
        await expect(page.getByTestId("portal-key").count()).resolves.toBe(1);
        await expect(page.getByTestId("portal-key").textContent()).resolves.toContain(PRO);
      } finally {
        await saveKeyRequestSettings(admin, { mode: "An admin approves", secure: false });
      }
    },
  );

  it(
    "R-KEYREQ-MODES: “Redirect key request” sends the developer to the configured URL with entry, developer id and email",
    { timeout: 150_000 },
    async () => {
      if (!receiver) throw new Error("receiver did not start");
      const admin = await e2e.newPage();
      await loginAdmin(admin, e2e);
      await saveKeyRequestSettings(admin, {
        mode: "Redirect to an external page",
        redirectUrl: `${receiver.url}?from=gatehouse`,
      });
      try {
        const { page, email } = await newLoggedInDeveloper(e2e, "redirect");
        // Pro follows the organisation's mode; Weather — Free keeps its own (auto).
        await gotoHydrated(page, e2e.url(`/${ORG}/catalog`));
        const proCard = page
          .locator("li")
          .filter({ has: page.getByRole("heading", { name: PRO }) });
        await expect(proCard.textContent()).resolves.toContain("External sign-up");

        await requestAccess(page, "pro");
        await page.waitForURL((u) => u.href.startsWith(receiver?.url ?? "-"));
        const landed = new URL(page.url());
        expect(landed.searchParams.get("from")).toBe("gatehouse");
        expect(landed.searchParams.get("catalog_entry")).toBe("pro");
        expect(landed.searchParams.get("catalog_entry_id")).toMatch(/^cat_/);
        expect(landed.searchParams.get("developer_id")).toMatch(/^dev_/);
        expect(landed.searchParams.get("email")).toBe(email);
        expect(receiver.hits.some((h) => h.searchParams.get("email") === email)).toBe(true);

        // No key request was created.
        await gotoHydrated(page, e2e.url(`/${ORG}/keys`));
        await page.getByText("You have not requested access yet.").waitFor();
        await gotoHydrated(admin, e2e.url("/admin/key-requests?status=all"));
        await expect(
          admin.getByTestId("key-request-row").filter({ hasText: email }).count(),
        ).resolves.toBe(0);

        // The entry with its own mode (auto) still issues a key at once.
        await gotoHydrated(page, e2e.url(`/${ORG}/catalog/weather-free`));
        await page.getByRole("button", { name: "Request key" }).click();
        await page.getByTestId("secret-once").waitFor();
        expect(pathOf(page)).toBe(`/${ORG}/catalog/weather-free`);
      } finally {
        await saveKeyRequestSettings(admin, { mode: "An admin approves", redirectUrl: "" });
      }
    },
  );

  it(
    "R-KEYREQ-APPROVE: the Key requests screen and the portal's My keys pass axe at 1280 and 375 px",
    { timeout: 120_000 },
    async () => {
      await expectAccessibleAtBothWidths(
        e2e,
        "/admin/key-requests?status=all",
        "admin key requests",
        (p) => loginAdmin(p, e2e),
      );
      await expectAccessibleAtBothWidths(e2e, `/${ORG}/keys`, "my keys", (p) =>
        loginDeveloper(p, e2e, DEMO.developer.email, DEMO.developer.password),
      );
    },
  );

  it("R-ORG-ISOLATION: the admin console's decisions need an admin session; a developer session is sent to the admin login", async () => {
    const page = await e2e.newPage();
    await login(page, e2e.url(`/${ORG}/login`), DEMO.developer.email, DEMO.developer.password);
    await waitForPath(page, `/${ORG}/dashboard`);
    await page.goto(e2e.url("/admin/key-requests"));
    await waitForPath(page, "/admin/login");
  });
});
