import fc from "fast-check";
import { createRemoteJWKSet, customFetch as joseFetch, jwtVerify } from "jose";
import * as client from "openid-client";
import { expect, it } from "vitest";
import * as s from "@/db/schema";
import { generateKey } from "@/lib/keys/format";
import { revokeOauthClient } from "@/lib/oauth/clients";
import { audienceOf, issuerOf } from "@/lib/oauth/issuer";
import { developerActor } from "@/lib/outcome";
import { appUrl } from "@/lib/url";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { hostileString, RUNS } from "../helpers/hostile-input";
import { makeClient, makeOauthEntry } from "../helpers/oauth-fixtures";
import { oauthFetch } from "../helpers/oauth-server";

const RFC6749_ERRORS = [
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
];

describeEachDb("OAuth endpoints with real clients (openid-client, jose)", (getDb) => {
  const serve = oauthFetch(getDb);
  const options = (): client.DiscoveryRequestOptions => ({
    execute: [client.allowInsecureRequests],
    [client.customFetch]: serve as client.CustomFetch,
  });
  const wellKnown = (slug: string) =>
    new URL(`${appUrl()}/${slug}/.well-known/oauth-authorization-server`);

  async function world() {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const { entry, api } = await makeOauthEntry(db, org.id);
    const c = await makeClient(db, org, dev, entry);
    return { db, org, dev, api, c };
  }

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    serve(`${appUrl()}${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });

  it("R-OAUTH-CLIENTS: discovery (RFC 8414), client_credentials with client_secret_basic, JWT verified against the JWKS, introspection — all by openid-client and jose", async () => {
    const { org, api, c } = await world();
    const config = await client.discovery(
      wellKnown(org.slug),
      c.clientId,
      undefined,
      client.ClientSecretBasic(c.clientSecret),
      options(),
    );
    const meta = config.serverMetadata();
    expect(meta).toMatchObject({
      issuer: issuerOf(org.slug),
      token_endpoint: `${appUrl()}/api/oauth/${org.slug}/token`,
      jwks_uri: `${appUrl()}/api/oauth/${org.slug}/jwks`,
      introspection_endpoint: `${appUrl()}/api/oauth/${org.slug}/introspect`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
    const token = await client.clientCredentialsGrant(config);
    expect(token.token_type).toBe("bearer");
    expect(token.expires_in).toBe(3600);
    expect(token.scope).toBe(api.slug);

    const jwks = createRemoteJWKSet(new URL(meta.jwks_uri ?? ""), { [joseFetch]: serve });
    const { payload } = await jwtVerify(token.access_token, jwks, {
      issuer: meta.issuer,
      audience: audienceOf(org.slug),
      typ: "at+jwt",
    });
    expect(payload).toMatchObject({ sub: c.clientId, client_id: c.clientId, scope: api.slug });

    const info = await client.tokenIntrospection(config, token.access_token);
    expect(info).toMatchObject({ active: true, client_id: c.clientId, scope: api.slug });
  });

  it("R-OAUTH-CLIENTS: client_secret_post and RFC 8414's inserted well-known path (openid-client 'oauth2' discovery) work too; scope narrows", async () => {
    const { org, api, c } = await world();
    const config = await client.discovery(
      new URL(issuerOf(org.slug)),
      c.clientId,
      undefined,
      client.ClientSecretPost(c.clientSecret),
      { ...options(), algorithm: "oauth2" },
    );
    const token = await client.clientCredentialsGrant(config, { scope: api.slug });
    expect(token.scope).toBe(api.slug);
    await expect(
      client.clientCredentialsGrant(config, { scope: "payments" }),
    ).rejects.toMatchObject({
      error: "invalid_scope",
    });
  });

  it("R-OAUTH-CLIENTS: a wrong secret is 401 invalid_client with WWW-Authenticate for Basic; a revoked client gets nothing and its token introspects inactive", async () => {
    const { db, org, dev, c } = await world();
    const basic = (id: string, secret: string) =>
      `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
    const path = `/api/oauth/${org.slug}/token`;
    const wrong = await post(path, "grant_type=client_credentials", {
      authorization: basic(c.clientId, `${c.clientSecret}x`),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });

    const ok = await post(path, "grant_type=client_credentials", {
      authorization: basic(c.clientId, c.clientSecret),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const { access_token } = (await ok.json()) as { access_token: string };

    await revokeOauthClient(db, org.id, c.oauthClientId, developerActor(dev.id), dev.id);
    const after = await post(path, "grant_type=client_credentials", {
      authorization: basic(c.clientId, c.clientSecret),
    });
    expect(after.status).toBe(401);
    // Introspected with a management token of the organisation (the client itself is revoked).
    const mgmt = generateKey("gm");
    await db.insert(s.apiTokens).values({
      orgId: org.id,
      kind: "management",
      name: "m",
      hash: mgmt.hash,
      start: mgmt.start,
    });
    const info = await post(`/api/oauth/${org.slug}/introspect`, `token=${access_token}`, {
      authorization: `Bearer ${mgmt.key}`,
    });
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ active: false });
  });

  it("R-OAUTH-CLIENTS / R-ORG-ISOLATION: org A's client gets no token from org B's endpoint; B's management token and B's clients cannot introspect A's tokens", async () => {
    const a = await world();
    const b = await world();
    const asB = await post(
      `/api/oauth/${b.org.slug}/token`,
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: a.c.clientId,
        client_secret: a.c.clientSecret,
      }).toString(),
    );
    expect(asB.status).toBe(401);
    expect(await asB.json()).toMatchObject({ error: "invalid_client" });

    const configA = await client.discovery(
      wellKnown(a.org.slug),
      a.c.clientId,
      a.c.clientSecret,
      undefined,
      options(),
    );
    const token = await client.clientCredentialsGrant(configA);
    const mgmtB = generateKey("gm");
    await b.db.insert(s.apiTokens).values({
      orgId: b.org.id,
      kind: "management",
      name: "m",
      hash: mgmtB.hash,
      start: mgmtB.start,
    });
    const byB = await post(`/api/oauth/${a.org.slug}/introspect`, `token=${token.access_token}`, {
      authorization: `Bearer ${mgmtB.key}`,
    });
    expect(byB.status).toBe(401);
    // B's client at B's endpoint: A's token is simply not known there.
    const configB = await client.discovery(
      wellKnown(b.org.slug),
      b.c.clientId,
      b.c.clientSecret,
      undefined,
      options(),
    );
    expect(await client.tokenIntrospection(configB, token.access_token)).toEqual({ active: false });
    // B's client at A's endpoint: not a client of A.
    const bAtA = await post(
      `/api/oauth/${a.org.slug}/introspect`,
      new URLSearchParams({
        token: token.access_token,
        client_id: b.c.clientId,
        client_secret: b.c.clientSecret,
      }).toString(),
    );
    expect(bAtA.status).toBe(401);
  });

  it("R-OAUTH-CLIENTS: malformed token requests get RFC 6749 §5.2 errors (wrong type, duplicate, unsupported grant, two auth methods, unknown organisation)", async () => {
    const { org, c } = await world();
    const path = `/api/oauth/${org.slug}/token`;
    const cases: Array<[string, Record<string, string>, number, string]> = [
      [
        "grant_type=client_credentials",
        { "content-type": "application/json" },
        400,
        "invalid_request",
      ],
      ["grant_type=client_credentials&grant_type=client_credentials", {}, 400, "invalid_request"],
      ["grant_type=password&username=a&password=b", {}, 400, "unsupported_grant_type"],
      ["client_id=x&client_secret=y", {}, 400, "invalid_request"],
      ["grant_type=client_credentials", {}, 401, "invalid_client"],
      [
        `grant_type=client_credentials&client_id=${c.clientId}&client_secret=${c.clientSecret}`,
        {
          authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString("base64")}`,
        },
        400,
        "invalid_request",
      ],
      [
        `grant_type=client_credentials&client_id=${c.clientId}&client_secret=${c.clientSecret}&scope=a%00b`,
        {},
        400,
        "invalid_request",
      ],
    ];
    for (const [body, headers, status, error] of cases) {
      const r = await post(path, body, headers);
      expect(r.status, body).toBe(status);
      expect(((await r.json()) as { error: string }).error, body).toBe(error);
      expect(r.headers.get("cache-control")).toBe("no-store");
    }
    const creds = `client_id=${c.clientId}&client_secret=${c.clientSecret}`;
    const badScope = await post(path, `grant_type=client_credentials&${creds}&scope=%22x%22`);
    expect([badScope.status, ((await badScope.json()) as { error: string }).error]).toEqual([
      400,
      "invalid_scope",
    ]);
    const noToken = await post(`/api/oauth/${org.slug}/introspect`, creds);
    expect([noToken.status, ((await noToken.json()) as { error: string }).error]).toEqual([
      400,
      "invalid_request",
    ]);
    const nowhere = await post(
      "/api/oauth/no-such-org-here/token",
      "grant_type=client_credentials",
    );
    expect(nowhere.status).toBe(404);
  });

  it("R-OAUTH-CLIENTS / R-SEC-BAD-INPUT: hostile token and introspection bodies and Basic headers get a 4xx with an RFC 6749 error, never a 500", async () => {
    const { org, c } = await world();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          grant_type: fc.oneof(fc.constant("client_credentials"), hostileString),
          client_id: fc.oneof(fc.constant(c.clientId), hostileString),
          client_secret: fc.oneof(fc.constant(c.clientSecret), hostileString),
          scope: fc.option(hostileString),
          basic: fc.option(hostileString),
          raw: fc.option(fc.string({ unit: "binary", maxLength: 60 })),
          path: fc.constantFrom("token", "introspect"),
        }),
        async (v) => {
          const params = new URLSearchParams({
            grant_type: v.grant_type,
            client_id: v.client_id,
            client_secret: v.client_secret,
            token: v.client_secret,
          });
          if (v.scope !== null) params.set("scope", v.scope);
          const body = v.raw ?? params.toString();
          const headers: Record<string, string> = {};
          if (v.basic !== null)
            headers.authorization = `Basic ${Buffer.from(v.basic).toString("base64")}`;
          const r = await post(`/api/oauth/${org.slug}/${v.path}`, body, headers);
          expect(r.status).toBeGreaterThanOrEqual(200);
          expect(r.status).toBeLessThan(500);
          if (r.status >= 400 && r.status !== 413) {
            const json = (await r.json()) as { error: string };
            expect(RFC6749_ERRORS).toContain(json.error);
          }
        },
      ),
      RUNS,
    );
  });
});
