import { eq } from "drizzle-orm";
import { SignJWT, generateKeyPair, decodeProtectedHeader } from "jose";
import { afterAll, expect, it } from "vitest";
import * as s from "@/db/schema";
import { createGatewayRuntime, type GatewayRuntime } from "@/lib/gateway/instance";
import { handleAuth } from "@/lib/gateway/http";
import { revokeOauthClient, rotateClientSecret } from "@/lib/oauth/clients";
import { audienceOf, issuerOf } from "@/lib/oauth/issuer";
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from "@/lib/oauth/tokens";
import { developerActor } from "@/lib/outcome";
import type { Db } from "@/db";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { makeApi } from "../helpers/dev-fixtures";
import { makeGatewayToken, makeKey } from "../helpers/gateway-fixtures";
import { makeClient, makeOauthEntry } from "../helpers/oauth-fixtures";

const runtimes: GatewayRuntime[] = [];
afterAll(async () => {
  for (const r of runtimes) await r.close();
});

describeEachDb("OAuth access tokens at the gateway (lib/gateway/oauth-token.ts)", (getDb) => {
  function gatewayOf(db: Db) {
    const runtime = createGatewayRuntime({
      db,
      redisUrl: null,
      cacheTtlMs: 5000,
      dbTimeoutMs: 5000,
      flushIntervalMs: 0,
      log: () => undefined,
    });
    runtimes.push(runtime);
    return runtime.gateway;
  }

  async function world(policy: Partial<s.Policy> = {}) {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const keyApi = await makeApi(db, org.id, { authType: "key" });
    const {
      entry,
      api,
      policy: pol,
    } = await makeOauthEntry(db, org.id, {
      policy,
      extraApis: [keyApi],
    });
    const c = await makeClient(db, org, dev, entry);
    const gw = await makeGatewayToken(db, org.id);
    const [client] = await db
      .select()
      .from(s.oauthClients)
      .where(eq(s.oauthClients.id, c.oauthClientId));
    const token = async (now?: Date) => {
      const t = await issueAccessToken(db, org, { ...c, scope: null }, now);
      if (!t.ok) throw new Error(t.message);
      return t.value.access_token;
    };
    return { db, org, dev, api, keyApi, pol, c, gw, credentialId: client?.keyId ?? "", token };
  }

  const call = (
    gateway: ReturnType<typeof gatewayOf>,
    gw: string,
    path: string,
    bearer: string | null,
  ) =>
    handleAuth(
      gateway,
      (name) =>
        ({
          "x-gatehouse-gateway-token": gw,
          "x-original-uri": path,
          authorization: bearer === null ? null : `Bearer ${bearer}`,
        })[name] ?? null,
      "GET",
    );

  it("R-OAUTH-CLIENTS: a client's access token passes /api/gateway/auth for the OAuth API as its credential key, and the call is counted in its usage", async () => {
    const w = await world();
    const gateway = gatewayOf(w.db);
    const token = await w.token();
    const r = await call(gateway, w.gw.plaintext, `${w.api.listenPath}items`, token);
    expect(r.status).toBe(200);
    expect(r.headers["x-gatehouse-key"]).toBe(w.credentialId);
    expect(r.headers["x-gatehouse-developer"]).toBe(w.dev.id);
    expect(r.headers["x-ratelimit-limit"]).toBe("100");
    // Cached: the same answer without a database (second call).
    expect((await call(gateway, w.gw.plaintext, w.api.listenPath, token)).status).toBe(200);
    await gateway.flushPending();
    const usage = await w.db
      .select()
      .from(s.usageHourly)
      .where(eq(s.usageHourly.keyId, w.credentialId));
    expect(usage.reduce((n, u) => n + u.successes, 0)).toBe(2);
  });

  it("R-OAUTH-CLIENTS: the client's policy limits apply to its tokens (rate limit)", async () => {
    const w = await world({ rate: 2, per: 60 });
    const gateway = gatewayOf(w.db);
    const token = await w.token();
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await call(gateway, w.gw.plaintext, w.api.listenPath, token)).status);
    expect(codes).toEqual([200, 200, 429]);
  });

  it("R-OAUTH-CLIENTS: a key is refused on an OAuth API (oauth_required) and a token on a key API or outside its scope (no_access)", async () => {
    const w = await world();
    const gateway = gatewayOf(w.db);
    const key = await makeKey(w.db, w.org.id, w.dev.id, [w.pol.id]);
    const onOauth = await call(gateway, w.gw.plaintext, w.api.listenPath, key.plaintext);
    expect([onOauth.status, onOauth.headers["x-gatehouse-code"]]).toEqual([401, "oauth_required"]);
    const onKeyApi = await call(gateway, w.gw.plaintext, w.keyApi.listenPath, await w.token());
    expect([onKeyApi.status, onKeyApi.headers["x-gatehouse-code"]]).toEqual([403, "no_access"]);
    expect((await call(gateway, w.gw.plaintext, w.keyApi.listenPath, key.plaintext)).status).toBe(
      200,
    );
  });

  it("R-OAUTH-CLIENTS: revoking the client or rotating its secret refuses its cached tokens at once; an expired token is refused", async () => {
    const w = await world();
    const gateway = gatewayOf(w.db);
    const first = await w.token();
    const second = await w.token();
    expect((await call(gateway, w.gw.plaintext, w.api.listenPath, first)).status).toBe(200);
    expect((await call(gateway, w.gw.plaintext, w.api.listenPath, second)).status).toBe(200);

    const rotated = await rotateClientSecret(
      w.db,
      w.org.id,
      w.c.oauthClientId,
      developerActor(w.dev.id),
    );
    expect(rotated.ok).toBe(true);
    const afterRotation = await call(gateway, w.gw.plaintext, w.api.listenPath, first);
    expect([afterRotation.status, afterRotation.headers["x-gatehouse-code"]]).toEqual([
      401,
      "invalid_token",
    ]);
    if (!rotated.ok) return;
    const t = await issueAccessToken(w.db, w.org, {
      clientId: w.c.clientId,
      clientSecret: rotated.value.clientSecret,
      scope: null,
    });
    if (!t.ok) throw new Error(t.message);
    expect(
      (await call(gateway, w.gw.plaintext, w.api.listenPath, t.value.access_token)).status,
    ).toBe(200);
    await revokeOauthClient(w.db, w.org.id, w.c.oauthClientId, developerActor(w.dev.id), w.dev.id);
    expect(
      (await call(gateway, w.gw.plaintext, w.api.listenPath, t.value.access_token)).status,
    ).toBe(401);

    const w2 = await world();
    const past = new Date(Date.now() - (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000);
    const expired = await call(gateway, w2.gw.plaintext, w2.api.listenPath, await w2.token(past));
    expect([expired.status, expired.headers["x-gatehouse-code"]]).toEqual([401, "invalid_token"]);
  });

  it("R-OAUTH-CLIENTS / R-ORG-ISOLATION: another organisation's gateway refuses the token; a forged or tampered token is refused", async () => {
    const a = await world();
    const b = await world();
    const gateway = gatewayOf(a.db);
    const token = await a.token();
    // B's gateway token, a path of B's OAuth API: A's token is not B's.
    const atB = await call(gateway, b.gw.plaintext, b.api.listenPath, token);
    expect([atB.status, atB.headers["x-gatehouse-code"]]).toEqual([401, "invalid_token"]);
    // That refusal is not remembered against A: A's gateway accepts the token at once.
    expect((await call(gateway, a.gw.plaintext, a.api.listenPath, token)).status).toBe(200);

    const [head, body, sig] = token.split(".");
    const flipped = `${head}.${body}.${sig?.startsWith("A") ? "B" : "A"}${sig?.slice(1)}`;
    expect((await call(gateway, a.gw.plaintext, a.api.listenPath, flipped)).status).toBe(401);

    // Same claims and kid, signed with a key that is not the organisation's.
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({ client_id: a.c.clientId, scope: a.api.slug })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: decodeProtectedHeader(token).kid })
      .setIssuer(issuerOf(a.org.slug))
      .setSubject(a.c.clientId)
      .setAudience(audienceOf(a.org.slug))
      .setIssuedAt()
      .setExpirationTime("1h")
      .setJti("oat_forged")
      .sign(privateKey);
    const f = await call(gateway, a.gw.plaintext, a.api.listenPath, forged);
    expect([f.status, f.headers["x-gatehouse-code"]]).toEqual([401, "invalid_token"]);
    // alg "none" is never accepted.
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${body}.`;
    expect((await call(gateway, a.gw.plaintext, a.api.listenPath, none)).status).toBe(401);
  });
});
