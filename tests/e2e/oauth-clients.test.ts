import { and, eq } from "drizzle-orm";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as client from "openid-client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { developers, oauthClients, organisations, usageHourly } from "@/db/schema";
import {
  DESKTOP,
  expectVisible,
  gotoHydrated,
  launchBrowser,
  MOBILE,
  openPage,
  screenshot,
} from "../helpers/browser";
import { DEMO, expectAccessible, login, waitForPath } from "../helpers/e2e";
import { makeGatewayToken } from "../helpers/gateway-fixtures";
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
 * R-OAUTH-CLIENTS end to end, with nobody's code but the peers': the demo developer registers an
 * OAuth client for the seeded Ledger API in the portal (browser), openid-client discovers the
 * organisation's authorization server and gets a token with client credentials, jose verifies it
 * against the JWKS, and the token passes a stock NGINX (auth_request → next start) and is counted
 * in usage. Rotating the secret and deleting the client in the portal, and revoking in the
 * console, refuse the tokens at NGINX at once. The server runs on a throwaway Postgres so the
 * test can read usage rows and make a gateway token.
 */
const withPostgres = await postgresReachable();
const ORG = DEMO.orgSlug;

describe.skipIf(!withPostgres)("R-OAUTH-CLIENTS: portal client → openid-client → NGINX", () => {
  let pg: TempPostgres;
  let server: TestServer;
  let browser: Browser;
  let nginx: Nginx;

  beforeAll(async () => {
    if (!nginxAvailable()) throw new Error("NGINX is not installed: apt-get install -y nginx");
    pg = await tempPostgres();
    [server, browser] = await Promise.all([
      startServer({ seed: true, env: { DATABASE_URL: pg.url } }),
      launchBrowser(),
    ]);
    const [org] = await pg.handle.db
      .select()
      .from(organisations)
      .where(eq(organisations.slug, ORG));
    if (!org) throw new Error("demo organisation missing");
    const gw = await makeGatewayToken(pg.handle.db, org.id);
    const [front, upstream] = [await freePort(), await freePort()];
    nginx = await startNginx(
      (dir) =>
        gatewayNginxConfig({
          dir,
          upstream,
          fronts: [
            {
              port: front,
              auth: {
                verifier: `127.0.0.1:${new URL(server.baseUrl).port}`,
                authPath: "/api/gateway/auth",
                gatewayToken: gw.plaintext,
              },
            },
          ],
        }),
      front,
    );
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([browser?.close(), server?.stop()]);
    await pg?.drop();
  });

  const opts = (): client.DiscoveryRequestOptions => ({ execute: [client.allowInsecureRequests] });
  const discover = (clientId: string, secret: string) =>
    client.discovery(
      new URL(`${server.baseUrl}/${ORG}/.well-known/oauth-authorization-server`),
      clientId,
      undefined,
      client.ClientSecretBasic(secret),
      opts(),
    );
  const viaNginx = (path: string, token?: string) =>
    fetch(`${nginx.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  /** NGINX's answer for the token, polled: a refusal must arrive (at once, in practice). */
  const statusOf = async (token: string) => (await viaNginx("/ledger/accounts", token)).status;

  const clientRow = (page: Page, clientId: string) =>
    page.getByTestId("oauth-client-row").filter({ hasText: clientId });

  async function developerPage(
    viewport: { width: number; height: number } = DESKTOP,
  ): Promise<Page> {
    const { page } = await openPage(browser, viewport);
    await login(
      page,
      `${server.baseUrl}/${ORG}/login`,
      DEMO.developer.email,
      DEMO.developer.password,
    );
    await waitForPath(page, `/${ORG}/dashboard`);
    return page;
  }

  it("R-OAUTH-CLIENTS: a developer registers a client in the portal, gets a token with openid-client, and calls the OAuth API through NGINX; rotate and delete refuse old tokens at once", async () => {
    const page = await developerPage();
    await gotoHydrated(page, `${server.baseUrl}/${ORG}/catalog/ledger`);
    await page.getByRole("button", { name: "Request OAuth client" }).click();
    await expectVisible(page.getByTestId("secret-once"));
    const clientId = (await page.getByTestId("client-id").textContent())?.trim() ?? "";
    const secret = (await page.getByTestId("secret-once").textContent())?.trim() ?? "";
    expect(clientId).toMatch(/^ghc_/);
    expect(secret).toMatch(/^ghs_/);
    await expectAccessible(page, "catalog entry: OAuth client created");
    await screenshot(page, "oauth-client-created-desktop");

    // A real client, by discovery: the token, its JWT verified against the JWKS.
    const config = await discover(clientId, secret);
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(`${server.baseUrl}/${ORG}`);
    const token = await client.clientCredentialsGrant(config);
    expect(token.scope).toBe("ledger");
    const jwks = createRemoteJWKSet(new URL(meta.jwks_uri ?? ""));
    const { payload } = await jwtVerify(token.access_token, jwks, {
      issuer: meta.issuer,
      typ: "at+jwt",
    });
    expect(payload.client_id).toBe(clientId);
    expect(await client.tokenIntrospection(config, token.access_token)).toMatchObject({
      active: true,
      client_id: clientId,
    });

    // Through the real NGINX gateway: the OAuth API accepts it, other APIs and no token do not.
    const db = pg.handle.db;
    const [row] = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId));
    const ok = await viaNginx("/ledger/accounts", token.access_token);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`key=${row?.keyId}`);
    expect(ok.headers.get("x-ratelimit-limit")).toBe("60");
    expect((await viaNginx("/weather/current", token.access_token)).status).toBe(403);
    expect((await viaNginx("/ledger/accounts")).status).toBe(401);

    // Counted into the client's usage (written once a second by the server).
    await expect
      .poll(
        async () =>
          (
            await db
              .select()
              .from(usageHourly)
              .where(eq(usageHourly.keyId, row?.keyId ?? ""))
          ).reduce((n, u) => n + u.successes, 0),
        { timeout: 15_000, interval: 200 },
      )
      .toBe(1);

    // My keys lists the client; "New secret" shows a new one and the old token stops at NGINX.
    await gotoHydrated(page, `${server.baseUrl}/${ORG}/keys`);
    await expectVisible(clientRow(page, clientId));
    await expectAccessible(page, "My keys with an OAuth client");
    await screenshot(page, "oauth-my-keys-desktop");
    await page.getByRole("button", { name: /^New secret: / }).click();
    await page.getByRole("button", { name: "Create new secret" }).click();
    await expectVisible(page.getByTestId("rotate-result"));
    const newSecret = (await page.getByTestId("secret-once").textContent())?.trim() ?? "";
    expect(newSecret).toMatch(/^ghs_/);
    expect(newSecret).not.toBe(secret);
    await screenshot(page, "oauth-new-secret-desktop");
    await page.getByRole("button", { name: "Done" }).click();
    await expect.poll(() => statusOf(token.access_token), { timeout: 5_000 }).toBe(401);
    // The old secret: 401 with a Basic challenge (openid-client's WWWAuthenticateChallengeError).
    await expect(client.clientCredentialsGrant(config)).rejects.toMatchObject({ status: 401 });

    const fresh = await client.clientCredentialsGrant(await discover(clientId, newSecret));
    expect(await statusOf(fresh.access_token)).toBe(200);

    // Delete (confirmed): the fresh token is refused at once too.
    await page.getByRole("button", { name: /^Delete: / }).click();
    await page.getByRole("button", { name: "Delete client" }).click();
    await expectVisible(clientRow(page, clientId).getByText("revoked", { exact: true }));
    await expect.poll(() => statusOf(fresh.access_token), { timeout: 5_000 }).toBe(401);
  });

  it("R-DEV-OAUTH-CLIENTS: the admin sees the developer's clients in the profile's OAuth clients panel and revokes one; its token stops at NGINX", async () => {
    const dev = await developerPage(MOBILE);
    await gotoHydrated(dev, `${server.baseUrl}/${ORG}/catalog/ledger`);
    await dev.getByRole("button", { name: "Request OAuth client" }).click();
    await expectVisible(dev.getByTestId("secret-once"));
    await screenshot(dev, "oauth-client-created-375");
    const clientId = (await dev.getByTestId("client-id").textContent())?.trim() ?? "";
    const secret = (await dev.getByTestId("secret-once").textContent())?.trim() ?? "";
    const token = await client.clientCredentialsGrant(await discover(clientId, secret));
    expect(await statusOf(token.access_token)).toBe(200);
    await gotoHydrated(dev, `${server.baseUrl}/${ORG}/keys`);
    await expectVisible(clientRow(dev, clientId));
    await screenshot(dev, "oauth-my-keys-375");

    const [alice] = await pg.handle.db
      .select()
      .from(developers)
      .where(and(eq(developers.email, DEMO.developer.email)));
    const { page } = await openPage(browser, DESKTOP);
    await login(page, `${server.baseUrl}/admin/login`, DEMO.admin.email, DEMO.admin.password);
    await waitForPath(page, "/admin");
    await gotoHydrated(page, `${server.baseUrl}/admin/developers/${alice?.id}`);
    const row = clientRow(page, clientId);
    await expectVisible(row);
    await screenshot(page, "oauth-console-panel-before-desktop");
    await row.getByRole("button", { name: "Revoke: Ledger — OAuth" }).click();
    await page.getByRole("button", { name: "Revoke client" }).click();
    try {
      await expectVisible(row.getByText("revoked", { exact: true }));
    } finally {
      await screenshot(page, "oauth-console-panel-desktop");
    }
    await expectAccessible(page, "developer profile, OAuth clients panel");
    await expect.poll(() => statusOf(token.access_token), { timeout: 5_000 }).toBe(401);
  });
});
