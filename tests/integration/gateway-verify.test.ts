import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { developers, keyPolicies, keys, policies } from "@/db/schema";
import { handleAuth, handleVerify } from "@/lib/gateway/http";
import { describeEachDb } from "../helpers/db";
import {
  fakeClock,
  makeApi,
  makeGatewayWorld,
  makeKey,
  makePolicy,
  testGateway,
} from "../helpers/gateway-fixtures";

const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()] ?? null;

describeEachDb("R-GW-VERIFY: gateway decisions", (getDb) => {
  it("R-GW-VERIFY: a valid key on its API is allowed, with limit headers and developer/key ids", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db, {
      rate: 5,
      per: 60,
      quotaMax: 100,
      quotaRenewalSeconds: 3600,
    });
    const gw = testGateway(db);
    const r = await handleAuth(
      gw,
      headers({
        "x-gatehouse-gateway-token": w.token.plaintext,
        "x-original-uri": "/weather/today?x=1",
        authorization: `Bearer ${w.key.plaintext}`,
      }),
      "GET",
    );
    expect(r.status).toBe(200);
    expect(r.headers["x-gatehouse-developer"]).toBe(w.developer.id);
    expect(r.headers["x-gatehouse-key"]).toBe(w.key.row.id);
    expect(r.headers["x-ratelimit-limit"]).toBe("5");
    expect(r.headers["x-ratelimit-remaining"]).toBe("4");
    expect(r.headers["x-quota-remaining"]).toBe("99");
  });

  it("R-GW-VERIFY: the key is read from X-API-Key, Bearer or the api_key query parameter", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db);
    const base = { "x-gatehouse-gateway-token": w.token.plaintext };
    for (const h of [
      { ...base, "x-original-uri": "/weather/", "x-api-key": w.key.plaintext },
      { ...base, "x-original-uri": `/weather/a?api_key=${w.key.plaintext}` },
      { ...base, "x-original-uri": "/weather", authorization: `Bearer ${w.key.plaintext}` },
    ]) {
      expect((await handleAuth(gw, headers(h), "GET")).status).toBe(200);
    }
  });

  it("R-GW-VERIFY: no key, a bad checksum and an unknown key answer 401", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db);
    const ask = (extra: Record<string, string>) =>
      handleAuth(
        gw,
        headers({
          "x-gatehouse-gateway-token": w.token.plaintext,
          "x-original-uri": "/weather/x",
          ...extra,
        }),
        "GET",
      );
    const none = await ask({});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({
      error: { code: "missing_key", message: expect.any(String) },
    });
    const tampered = `${w.key.plaintext.slice(0, -1)}${w.key.plaintext.endsWith("a") ? "b" : "a"}`;
    expect(JSON.parse((await ask({ "x-api-key": tampered })).body).error.code).toBe(
      "malformed_key",
    );
    const other = await makeKey(db, w.org.id, w.developer.id, []);
    await db.delete(keys).where(eq(keys.id, other.row.id));
    const unknown = await ask({ "x-api-key": other.plaintext });
    expect([unknown.status, JSON.parse(unknown.body).error.code]).toEqual([401, "unknown_key"]);
  });

  it("R-GW-VERIFY: an API the key has no policy for, a method or path the policy does not allow, answer 403", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db, { methods: ["GET"] });
    const limited = await makeApi(db, w.org.id, "maps", "/maps/");
    const pathPolicy = await makePolicy(db, w.org.id, {
      access: [{ apiId: limited.id, paths: ["/maps/tiles"] }],
    });
    const k2 = await makeKey(db, w.org.id, w.developer.id, [pathPolicy.id]);
    const gw = testGateway(db);
    const v = (key: string, path: string, method = "GET") =>
      gw.verify(w.org.id, { key, path, method });
    expect((await v(w.key.plaintext, "/payments/charges")).code).toBe("no_access");
    expect((await v(w.key.plaintext, "/weather/x", "POST")).code).toBe("method_not_allowed");
    expect((await v(w.key.plaintext, "/nowhere")).code).toBe("unknown_api");
    expect((await v(k2.plaintext, "/maps/tiles/1/2")).code).toBe("valid");
    expect((await v(k2.plaintext, "/maps/search")).code).toBe("path_not_allowed");
    // The raw URI NGINX forwards is normalised before matching: Weather access never opens Payments.
    const viaAuth = await handleAuth(
      gw,
      headers({
        "x-gatehouse-gateway-token": w.token.plaintext,
        "x-original-uri": "/weather/%2e%2e/payments/charges",
        "x-api-key": w.key.plaintext,
      }),
      "GET",
    );
    expect(JSON.parse(viaAuth.body).error.code).toBe("no_access");
  });

  it("R-GW-VERIFY: revoked or inactive keys, inactive developers and expired keys answer 403", async () => {
    const db = getDb();
    const clock = fakeClock(Date.now());
    const w = await makeGatewayWorld(db);
    const revoked = await makeKey(db, w.org.id, w.developer.id, [w.policy.id], {
      status: "revoked",
    });
    const inactive = await makeKey(db, w.org.id, w.developer.id, [w.policy.id], {
      status: "inactive",
    });
    const expired = await makeKey(db, w.org.id, w.developer.id, [w.policy.id], {
      expiresAt: new Date(clock.now() - 1000),
    });
    const gw = testGateway(db, { now: clock.now });
    const code = async (key: string) =>
      (await gw.verify(w.org.id, { key, path: "/weather/", method: "GET" })).code;
    expect(await code(revoked.plaintext)).toBe("key_revoked");
    expect(await code(inactive.plaintext)).toBe("key_inactive");
    expect(await code(expired.plaintext)).toBe("key_expired");
    await db
      .update(developers)
      .set({ status: "inactive" })
      .where(eq(developers.id, w.developer.id));
    expect(await code(w.key.plaintext)).toBe("developer_inactive");
    const d = await gw.verify(w.org.id, {
      key: revoked.plaintext,
      path: "/weather/",
      method: "GET",
    });
    expect(d.status).toBe(403);
  });

  it("R-GW-VERIFY: over the rate limit answers 429 with Retry-After; the window slides back", async () => {
    const db = getDb();
    const clock = fakeClock();
    const w = await makeGatewayWorld(db, { rate: 3, per: 10 });
    const gw = testGateway(db, { now: clock.now });
    const h = headers({
      "x-gatehouse-gateway-token": w.token.plaintext,
      "x-original-uri": "/weather/",
      "x-api-key": w.key.plaintext,
    });
    for (let i = 0; i < 3; i++) expect((await handleAuth(gw, h, "GET")).status).toBe(200);
    const limited = await handleAuth(gw, h, "GET");
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.body).error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(limited.headers["x-ratelimit-remaining"]).toBe("0");
    clock.advance(20_000);
    expect((await handleAuth(gw, h, "GET")).status).toBe(200);
  });

  it("R-GW-VERIFY: an exhausted quota answers 429 until its renewal, and survives a restart (Postgres)", async () => {
    const db = getDb();
    const clock = fakeClock(Date.now());
    const w = await makeGatewayWorld(db, { quotaMax: 3, quotaRenewalSeconds: 60 });
    let gw = testGateway(db, { now: clock.now });
    const v = () => gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/", method: "GET" });
    expect((await v()).code).toBe("valid");
    expect((await v()).code).toBe("valid");
    await gw.flush();
    // A new process: the two units used come back from quota_usage.
    gw = testGateway(db, { now: clock.now });
    expect((await v()).quota?.remaining).toBe(0);
    const over = await v();
    expect([over.code, over.status]).toEqual(["quota_exceeded", 429]);
    expect(over.retryAfter).toBeGreaterThan(0);
    expect(over.retryAfter).toBeLessThanOrEqual(60);
    clock.advance(61_000);
    const renewed = await v();
    expect([renewed.code, renewed.quota?.remaining]).toEqual(["valid", 2]);
  });

  it("R-KEY-POLICY-CHANGE: a policy change takes effect at once after invalidation, and within the TTL without it", async () => {
    const db = getDb();
    const clock = fakeClock(Date.now());
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db, { now: clock.now, cacheTtlMs: 5000 });
    const pay = await makePolicy(db, w.org.id, { access: [{ apiId: w.payments.id }] });
    const v = () =>
      gw.verify(w.org.id, { key: w.key.plaintext, path: "/payments/x", method: "POST" });
    expect((await v()).code).toBe("no_access");
    await db.insert(keyPolicies).values({ orgId: w.org.id, keyId: w.key.row.id, policyId: pay.id });
    expect((await v()).code).toBe("no_access"); // cached
    gw.invalidate({ type: "key", id: w.key.row.id });
    expect((await v()).code).toBe("valid");
    await db.update(policies).set({ isInactive: true }).where(eq(policies.id, pay.id));
    clock.advance(5001);
    expect((await v()).code).toBe("no_access");
  });

  it("R-ORG-ISOLATION: a gateway token of organisation A cannot verify a key of organisation B (401)", async () => {
    const db = getDb();
    const a = await makeGatewayWorld(db);
    const b = await makeGatewayWorld(db);
    const gw = testGateway(db);
    const r = await handleAuth(
      gw,
      headers({
        "x-gatehouse-gateway-token": a.token.plaintext,
        "x-original-uri": "/weather/",
        "x-api-key": b.key.plaintext,
      }),
      "GET",
    );
    expect([r.status, JSON.parse(r.body).error.code]).toEqual([401, "unknown_key"]);
    const json = await handleVerify(
      gw,
      headers({ authorization: `Bearer ${a.token.plaintext}` }),
      JSON.stringify({ key: b.key.plaintext, api: b.weather.id }),
    );
    expect(JSON.parse(json.body)).toMatchObject({ valid: false, code: "unknown_key", keyId: null });
    // And B's own token does verify it.
    const ok = await handleVerify(
      gw,
      headers({ "x-gatehouse-gateway-token": b.token.plaintext }),
      JSON.stringify({ key: b.key.plaintext, api: b.weather.slug }),
    );
    expect(JSON.parse(ok.body)).toMatchObject({
      valid: true,
      code: "valid",
      keyId: b.key.row.id,
      developerId: b.developer.id,
    });
  });

  it("R-GW-VERIFY: without a valid gateway token nothing is verified (401 problem details)", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db);
    for (const token of [undefined, "gw_nope", w.key.plaintext]) {
      const h: Record<string, string> = {
        "x-original-uri": "/weather/",
        "x-api-key": w.key.plaintext,
      };
      if (token) h["x-gatehouse-gateway-token"] = token;
      const r = await handleAuth(gw, headers(h), "GET");
      expect([r.status, JSON.parse(r.body).error.code]).toEqual([401, "invalid_gateway_token"]);
    }
    const bad = await handleVerify(
      gw,
      headers({ "x-gatehouse-gateway-token": w.token.plaintext }),
      "{not json",
    );
    expect([bad.status, JSON.parse(bad.body).error.code]).toEqual([400, "bad_request"]);
  });
});
