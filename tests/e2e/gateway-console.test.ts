import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { developerUsageSeries } from "@/db/queries/usage-read";
import { apis, organisations, policies } from "@/db/schema";
import { gotoHydrated, launchBrowser, openPage } from "../helpers/browser";
import { makeDeveloper } from "../helpers/db";
import { DEMO, expectAccessible, login, waitForPath } from "../helpers/e2e";
import { makeKey } from "../helpers/gateway-fixtures";
import {
  freePort,
  gatewayNginxConfig,
  type Nginx,
  nginxAvailable,
  startNginx,
} from "../helpers/gateway-nginx";
import { postgresReachable, type TempPostgres, tempPostgres } from "../helpers/gateway-services";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The default deployment: `next start` serves the console and /api/gateway/auth. An admin creates
 * a gateway token in the console, NGINX uses it, and revoking it in the console stops NGINX at once.
 * The server runs on a throwaway Postgres so this test can create a developer key (whose plaintext
 * the demo seed does not keep) in the seeded organisation.
 */
const withPostgres = await postgresReachable();

describe.skipIf(!withPostgres)("R-GW-VERIFY: console gateway token → NGINX → next start", () => {
  let pg: TempPostgres;
  let server: TestServer;
  let browser: Browser;
  let nginx: Nginx | null = null;
  let front = 0;
  let upstream = 0;

  beforeAll(async () => {
    if (!nginxAvailable()) throw new Error("NGINX is not installed: apt-get install -y nginx");
    pg = await tempPostgres();
    [server, browser] = await Promise.all([
      startServer({ seed: true, env: { DATABASE_URL: pg.url } }),
      launchBrowser(),
    ]);
    [front, upstream] = [await freePort(), await freePort()];
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([browser?.close(), server?.stop()]);
    await pg?.drop();
  });

  it("R-GW-VERIFY: an admin creates a gateway token (shown once), NGINX verifies keys with it, and revoking it stops NGINX at once", async () => {
    const { context, page } = await openPage(browser);
    try {
      await login(page, `${server.baseUrl}/admin/login`, DEMO.admin.email, DEMO.admin.password);
      await waitForPath(page, "/admin");
      await gotoHydrated(page, `${server.baseUrl}/admin/tokens`);
      await expectAccessible(page, "tokens page (empty)");
      await page.getByLabel("Name", { exact: true }).fill("NGINX e2e");
      await page.getByLabel("Used by").selectOption("gateway");
      await page.getByRole("button", { name: "Create token" }).click();
      const token = (await page.getByTestId("secret-once").textContent())?.trim() ?? "";
      expect(token).toMatch(/^gw_/);
      await page.getByRole("cell", { name: "NGINX e2e", exact: true }).waitFor();
      await expectAccessible(page, "tokens page (token shown once)");

      const db = pg.handle.db;
      const [org] = await db
        .select()
        .from(organisations)
        .where(eq(organisations.slug, DEMO.orgSlug));
      if (!org) throw new Error("demo organisation missing");
      const [free] = await db
        .select()
        .from(policies)
        .where(and(eq(policies.orgId, org.id), eq(policies.name, "Free")));
      if (!free) throw new Error("Free policy missing");
      const dev = await makeDeveloper(db, org.id);
      const key = await makeKey(db, org.id, dev.id, [free.id]);

      const port = new URL(server.baseUrl).port;
      nginx = await startNginx(
        (dir) =>
          gatewayNginxConfig({
            dir,
            upstream,
            fronts: [
              {
                port: front,
                auth: {
                  verifier: `127.0.0.1:${port}`,
                  authPath: "/api/gateway/auth",
                  gatewayToken: token,
                },
              },
            ],
          }),
        front,
      );
      const call = (path: string, method = "GET") =>
        fetch(`${nginx?.baseUrl}${path}`, { method, headers: { "x-api-key": key.plaintext } });

      const ok = await call("/weather/current?lat=1&lon=2");
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain(`developer=${dev.id}`);
      expect(ok.headers.get("x-ratelimit-limit")).toBe("10");
      expect((await call("/weather/current", "POST")).status).toBe(403); // Free: GET only
      expect((await call("/geo/search?q=Oslo")).status).toBe(403); // Free: Weather only
      expect((await fetch(`${nginx.baseUrl}/weather/current`)).status).toBe(401);

      // The JSON endpoint of the same server, for gateways that are not NGINX.
      const [weather] = await db
        .select()
        .from(apis)
        .where(and(eq(apis.orgId, org.id), eq(apis.slug, "weather")));
      const verify = await fetch(`${server.baseUrl}/api/gateway/verify`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ key: key.plaintext, api: "weather", method: "GET" }),
      });
      expect(await verify.json()).toMatchObject({
        valid: true,
        code: "valid",
        apiId: weather?.id,
        developerId: dev.id,
        quota: { limit: 1000 },
      });

      // Usage is flushed every second: it reaches the developer's 7-day usage, and the token's "last used".
      const range = {
        from: new Date(Date.now() - 7 * 86_400_000),
        to: new Date(Date.now() + 3_600_000),
        granularity: "day" as const,
      };
      let requests = 0;
      for (let i = 0; i < 40 && requests < 4; i++) {
        await new Promise((r) => setTimeout(r, 100));
        requests = (await developerUsageSeries(db, org.id, dev.id, range)).reduce(
          (n, b) => n + b.requests,
          0,
        );
      }
      expect(requests).toBe(4); // 1 allowed + POST + Geo (counted as errors) + the JSON verify; the keyless call belongs to no one
      await page.reload();
      expect(
        await page
          .getByRole("row", { name: /NGINX e2e/ })
          .getByText("Never")
          .count(),
      ).toBe(0);

      await page.getByRole("button", { name: "Revoke NGINX e2e" }).click();
      await page.getByRole("button", { name: "Revoke token" }).click();
      await page
        .getByRole("row", { name: /NGINX e2e/ })
        .getByText("Revoked")
        .waitFor();
      const after = await call("/weather/current");
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });
});
