import { createServer, type Server } from "node:http";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cspViolations, gotoHydrated, waitForHydration } from "@/tests/helpers/browser";
import { DEMO, login, useE2E, waitForPath } from "@/tests/helpers/e2e";

/**
 * R-SEC-HEADERS in Chromium against `next start`: every screen loads under the nonce CSP with no
 * violation; nothing frames the console; an injected inline script does not run; token pages
 * send no Referer; API answers carry the headers too.
 */

const ADMIN_SCREENS = [
  "/admin",
  "/admin/developers",
  "/admin/developers/new",
  "/admin/keys",
  "/admin/key-requests",
  "/admin/catalog",
  "/admin/catalog/new",
  "/admin/policies",
  "/admin/policies/new",
  "/admin/apis",
  "/admin/apis/new",
  "/admin/usage",
  "/admin/webhooks",
  "/admin/webhooks/new",
  "/admin/tokens",
  "/admin/mailbox",
  "/admin/audit",
  "/admin/settings",
];
const o = `/${DEMO.orgSlug}`;
const PUBLIC_SCREENS = [
  `${o}`,
  `${o}/catalog`,
  `${o}/login`,
  `${o}/signup`,
  `${o}/reset`,
  `${o}/reset/not-a-token`,
  "/no-such-page",
];
const DEVELOPER_SCREENS = [`${o}/dashboard`, `${o}/keys`, `${o}/account`];

async function firstHref(page: Page, prefix: string): Promise<string> {
  const href = await page
    .locator(`a[href^="${prefix}"]`)
    .evaluateAll(
      (els, p) =>
        els
          .map((e) => e.getAttribute("href") ?? "")
          .find((h) => h.length > p.length && !h.endsWith("/new")) ?? "",
      prefix,
    );
  if (!href) throw new Error(`no link starting with ${prefix} on ${page.url()}`);
  return href;
}

describe("R-SEC-HEADERS: security headers and the CSP in the browser", () => {
  const e2e = useE2E({ seed: true });

  async function visitAll(page: Page, paths: string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const p of paths) {
      const res = await page.goto(e2e.url(p));
      // Violations are reported while scripts load and React hydrates (forms parse on render).
      await waitForHydration(page);
      const headers = res?.headers() ?? {};
      if (!headers["content-security-policy"]?.includes("'nonce-"))
        problems.push(`${p}: no nonce CSP (${headers["content-security-policy"] ?? "none"})`);
      if (headers["x-content-type-options"] !== "nosniff") problems.push(`${p}: no nosniff`);
      const violations = await cspViolations(page);
      if (violations.length) problems.push(`${p}: ${violations.join("; ")}`);
    }
    return problems;
  }

  it("R-SEC-HEADERS: every admin screen (incl. a profile with charts, key analytics and an email in the Mailbox) loads with no CSP violation", async () => {
    const page = await e2e.newPage();
    // An email for the Mailbox: a password reset request on the public form (also under the CSP).
    await gotoHydrated(page, e2e.url(`${o}/reset`));
    await page.getByLabel("Email", { exact: true }).fill(DEMO.developer.email);
    await page.getByRole("button", { name: "Request password reset" }).click();
    await page
      .getByText(/check your inbox|if an account exists/i)
      .first()
      .waitFor();
    await login(page, e2e.url("/admin/login"), DEMO.admin.email, DEMO.admin.password);
    await waitForPath(page, "/admin");
    await gotoHydrated(page, e2e.url(`/admin/developers?q=${DEMO.developer.email}`));
    const profile = await firstHref(page, "/admin/developers/");
    await gotoHydrated(page, e2e.url(profile));
    const keyAnalytics = await firstHref(page, `${profile}/keys/`);
    // The reset email is written just after the response: poll the Mailbox briefly.
    let email = "";
    for (let i = 0; i < 20 && !email; i++) {
      await gotoHydrated(page, e2e.url("/admin/mailbox"));
      email = await firstHref(page, "/admin/mailbox/").catch(() => "");
      if (!email) await page.waitForTimeout(500);
    }
    const problems = await visitAll(page, [
      ...ADMIN_SCREENS,
      profile,
      `${profile}/edit`,
      keyAnalytics,
      email,
    ]);
    expect(problems).toEqual([]);
    // The React app really runs under the CSP: the page hydrated and client navigation works.
    await gotoHydrated(page, e2e.url("/admin"));
    await page.getByRole("link", { name: "Developers", exact: true }).first().click();
    await waitForPath(page, "/admin/developers");
    // The email HTML frame stays sandboxed.
    await gotoHydrated(page, e2e.url(email));
    expect(await page.locator("iframe").getAttribute("sandbox")).toBe("");
  });

  it("R-SEC-HEADERS: every portal screen, public and logged in, loads with no CSP violation", async () => {
    const page = await e2e.newPage();
    await gotoHydrated(page, e2e.url(`${o}/catalog`));
    const entry = await firstHref(page, `${o}/catalog/`);
    const publicProblems = await visitAll(page, [...PUBLIC_SCREENS, entry]);
    await login(page, e2e.url(`${o}/login`), DEMO.developer.email, DEMO.developer.password);
    await waitForPath(page, `${o}/dashboard`);
    expect([...publicProblems, ...(await visitAll(page, DEVELOPER_SCREENS))]).toEqual([]);
  });

  it("R-SEC-HEADERS: injected markup cannot run script: an inline handler and a parser-inserted script are blocked and reported", async () => {
    const page = await e2e.newPage();
    await gotoHydrated(page, e2e.url(`${o}/login`));
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { byHandler?: boolean; byWrite?: boolean };
      // What an HTML injection (XSS) would plant: an event handler attribute…
      document.body.insertAdjacentHTML(
        "beforeend",
        '<img src="/no-such-image.png" alt="" onerror="window.byHandler = true">',
      );
      // …and a parser-inserted inline script, in a same-origin frame document.
      const f = document.createElement("iframe");
      document.body.appendChild(f);
      f.contentDocument?.write("<script>parent.byWrite = true<\/script>");
      await new Promise((r) => setTimeout(r, 500));
      return { handler: w.byHandler === true, write: w.byWrite === true };
    });
    expect(ran).toEqual({ handler: false, write: false });
    expect((await cspViolations(page)).join(" ")).toContain("script-src");
  });

  describe("R-SEC-HEADERS: framing from another origin", () => {
    let evil: Server;
    let evilUrl = "";
    beforeAll(async () => {
      evil = createServer((req, res) => {
        const target = new URL(req.url ?? "/", "http://x").searchParams.get("src") ?? "";
        res.writeHead(200, { "content-type": "text/html" });
        res.end(
          `<!doctype html><title>evil</title><iframe id="f" src="${target}" width="800" height="600"></iframe>`,
        );
      });
      await new Promise<void>((r) => evil.listen(0, "127.0.0.1", () => r()));
      const addr = evil.address();
      evilUrl = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    });
    afterAll(() => new Promise<void>((r) => evil.close(() => r())));

    it("R-SEC-HEADERS: the logged-in Key requests page does not render inside another site's frame", async () => {
      const page = await e2e.newPage();
      await login(page, e2e.url("/admin/login"), DEMO.admin.email, DEMO.admin.password);
      await waitForPath(page, "/admin");
      // Without frame-ancestors this would show the Approve buttons, logged in (same cookies).
      await page.goto(`${evilUrl}/?src=${encodeURIComponent(e2e.url("/admin/key-requests"))}`);
      await page.waitForTimeout(1000);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      const text = frame
        ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "")
        : "";
      expect(text).not.toContain("Key requests");
      expect(frame?.url() ?? "").not.toBe(e2e.url("/admin/key-requests"));
    });
  });

  it("R-SEC-HEADERS: token pages send no Referer; other pages strict-origin; API answers carry a CSP and nosniff; HSTS only over HTTPS", async () => {
    const get = (p: string, headers: Record<string, string> = {}) =>
      fetch(e2e.url(p), { redirect: "manual", headers });
    const token = await get(`${o}/reset/abcdefabcdef`);
    expect(token.headers.get("referrer-policy")).toBe("no-referrer");
    for (const p of [`${o}/keys/generate/tok`, `${o}/invite/tok`, `${o}/verify/tok`])
      expect([p, (await get(p)).headers.get("referrer-policy")]).toEqual([p, "no-referrer"]);
    const login = await get(`${o}/login`);
    expect(login.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(login.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(login.headers.get("content-security-policy")).not.toMatch(
      /script-src[^;]*'unsafe-inline'/,
    );
    expect(login.headers.get("x-frame-options")).toBe("DENY");
    expect(login.headers.get("strict-transport-security")).toBeNull();
    const api = await get("/api/gateway/health");
    expect(api.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    const v1 = await get("/api/v1/key-requests");
    expect([v1.status, v1.headers.get("x-content-type-options")]).toEqual([401, "nosniff"]);
    const asset = (await (await get(`${o}/login`)).text()).match(/\/_next\/static\/[^"]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    expect((await get(asset ?? "")).headers.get("x-content-type-options")).toBe("nosniff");
    const behindTls = await get(`${o}/login`, { "x-forwarded-proto": "https" });
    expect(behindTls.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
  });
  it("R-SEC-HEADERS, R-SEC-BAD-INPUT: the gateway's four routes, which skip proxy.ts, carry the API headers at every status (HSTS behind TLS); other paths under /api/gateway/ still go through it", async () => {
    const API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
    const json = { "content-type": "application/json" };
    const cases: Array<[string, RequestInit, number]> = [
      ["/api/gateway/health", {}, 200],
      ["/api/gateway/auth", {}, 401],
      ["/api/gateway/verify", { method: "POST", body: "{}", headers: json }, 401],
      ["/api/gateway/verify", {}, 405],
      ["/api/gateway/usage", { method: "POST", body: "{}", headers: json }, 401],
      ["/api/gateway/no-such-route", {}, 404],
      ["/api/gateway/%zz", {}, 400],
    ];
    for (const [p, init, status] of cases) {
      const r = await fetch(e2e.url(p), { redirect: "manual", ...init });
      expect([
        p,
        init.method ?? "GET",
        r.status,
        r.headers.get("content-security-policy"),
        r.headers.get("x-content-type-options"),
        r.headers.get("x-frame-options"),
        r.headers.get("strict-transport-security"),
      ]).toEqual([p, init.method ?? "GET", status, API, "nosniff", "DENY", null]);
    }
    const behindTls = await fetch(e2e.url("/api/gateway/auth"), {
      headers: { "x-forwarded-proto": "https" },
    });
    expect(behindTls.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
  });
});
