import { describe, expect, it } from "vitest";
import { MemoryCounterStore } from "@/lib/gateway/counters";
import { Gateway } from "@/lib/gateway/gateway";
import { handleAuth } from "@/lib/gateway/http";
import type { GatewayStore, LoadedKey } from "@/lib/gateway/store";
import type { PolicyForLimits } from "@/lib/policies/effective";
import { GatewayServiceError } from "@/lib/gateway/types";
import { generateKey, hashKey } from "@/lib/keys/format";
import { fakeClock } from "../helpers/gateway-fixtures";

const ORG = "org_a";
const TOKEN = generateKey("gw").key;
const REVOKED = generateKey("gw").key;

function policy(id: string, methods: string[] = []): PolicyForLimits {
  return {
    id,
    name: id,
    rate: 1000,
    per: 60,
    quotaMax: -1,
    quotaRenewalSeconds: 60,
    keyExpiresInSeconds: null,
    isInactive: false,
    access: [{ apiId: "api_w", allowedMethods: methods, allowedPaths: [] }],
  };
}

/** A store in memory: counts lookups, and can be made to hang (a database that stopped answering). */
function fakeStore(keys: Map<string, LoadedKey>) {
  const calls = { loadKey: 0, listApis: 0, listPolicies: 0, token: 0 };
  // The organisation's policies as the database holds them (tests change them in place).
  const policies = [policy("pol")];
  let hang = false;
  const maybeHang = <T>(v: T): Promise<T> =>
    hang ? new Promise<T>(() => undefined) : Promise.resolve(v);
  const store: GatewayStore = {
    findGatewayToken: (hash) => (
      calls.token++,
      maybeHang(
        hash === hashKey(TOKEN)
          ? { id: "atk_1", orgId: ORG, revokedAt: null }
          : hash === hashKey(REVOKED)
            ? { id: "atk_2", orgId: ORG, revokedAt: new Date(0) }
            : null,
      )
    ),
    loadKey: (_org, hash) => (calls.loadKey++, maybeHang(keys.get(hash) ?? null)),
    listApis: () => (
      calls.listApis++,
      maybeHang([{ id: "api_w", slug: "weather", listenPath: "/weather/" }])
    ),
    listPolicies: () => (calls.listPolicies++, maybeHang(policies.map((p) => ({ ...p })))),
    writeFlush: () => Promise.resolve(),
    findKeysForUsage: () => Promise.resolve([]),
    applyUsageBatch: () => Promise.resolve(true),
  };
  return { store, calls, policies, setHang: (v: boolean) => (hang = v) };
}

function loaded(
  id: string,
  status: LoadedKey["key"]["status"] = "active",
  policyIds = ["pol"],
): LoadedKey {
  return {
    key: {
      id,
      developerId: "dev_1",
      status,
      expiresAt: null,
      createdAt: new Date(0),
      developerStatus: "active",
    },
    policyIds,
    quotas: [],
  };
}

function setup(ttl = 5000) {
  const k = generateKey();
  const keys = new Map([[k.hash, loaded("key_1")]]);
  const fake = fakeStore(keys);
  const clock = fakeClock();
  const gw = new Gateway({
    store: fake.store,
    counters: new MemoryCounterStore(),
    cacheTtlMs: ttl,
    negativeTtlMs: 1000,
    dbTimeoutMs: 50,
    now: clock.now,
  });
  const verify = (key = k.key) => gw.verify(ORG, { key, path: "/weather/x", method: "GET" });
  /** A key the store holds from now on (made elsewhere: no invalidation here). */
  const addKey = (id: string, policyIds = ["pol"]) => {
    const made = generateKey();
    keys.set(made.hash, loaded(id, "active", policyIds));
    return made;
  };
  return { gw, k, keys, fake, clock, verify, addKey };
}

describe("R-GW-VERIFY: the verifier's cache (lib/gateway/gateway.ts)", () => {
  it("R-GW-VERIFY: a burst with one cold key makes one lookup; the entry lives for the TTL", async () => {
    const { fake, clock, verify } = setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => verify()));
    expect(results.every((r) => r.code === "valid")).toBe(true);
    expect(fake.calls.loadKey).toBe(1);
    clock.advance(4999);
    await verify();
    expect(fake.calls.loadKey).toBe(1);
    clock.advance(2);
    await verify();
    expect(fake.calls.loadKey).toBe(2);
  });

  it("R-GW-VERIFY: unknown keys are remembered only briefly; malformed keys never reach the store", async () => {
    const { fake, clock, verify, keys } = setup();
    const fresh = generateKey();
    expect((await verify(fresh.key)).code).toBe("unknown_key");
    keys.set(fresh.hash, loaded("key_2"));
    expect((await verify(fresh.key)).code).toBe("unknown_key");
    clock.advance(1001);
    expect((await verify(fresh.key)).code).toBe("valid");
    const before = fake.calls.loadKey;
    expect((await verify("gh_notakey")).code).toBe("malformed_key");
    expect(fake.calls.loadKey).toBe(before);
  });

  it("R-KEY-POLICY-CHANGE: invalidation by key and by organisation reloads at once", async () => {
    const { gw, k, keys, fake, verify } = setup();
    await verify();
    keys.set(k.hash, loaded("key_1", "revoked"));
    expect((await verify()).code).toBe("valid");
    gw.invalidate({ type: "key", id: "key_1" });
    expect((await verify()).code).toBe("key_revoked");
    keys.set(k.hash, loaded("key_1"));
    gw.invalidate({ type: "org", id: ORG });
    expect((await verify()).code).toBe("valid");
    expect(fake.calls.loadKey).toBe(3);
    expect(fake.calls.listApis).toBe(2);
    expect(fake.calls.listPolicies).toBe(2);
  });

  it("R-GW-VERIFY: an organisation's policies are read once for all its keys, not with each key", async () => {
    const { fake, verify, addKey } = setup();
    const more = ["key_2", "key_3", "key_4"].map((id) => addKey(id));
    const results = await Promise.all([verify(), ...more.map((k) => verify(k.key))]);
    expect(results.map((r) => r.code)).toEqual(["valid", "valid", "valid", "valid"]);
    expect(fake.calls.loadKey).toBe(4);
    expect(fake.calls.listPolicies).toBe(1);
  });

  it("R-KEY-POLICY-CHANGE: a policy changed where no invalidation reaches (another process without Redis) applies within the cache TTL, also to a key whose entry is younger", async () => {
    const { fake, clock, verify, addKey } = setup();
    await verify(); // t0: the policies and key_1 are read
    clock.advance(3000);
    const second = addKey("key_2");
    expect((await verify(second.key)).code).toBe("valid"); // t3000: key_2 is read, policies cached
    fake.policies[0] = policy("pol", ["POST"]);
    clock.advance(1999);
    expect((await verify(second.key)).code).toBe("valid"); // within the TTL: as read
    clock.advance(2);
    // The policies are 5001 ms old: read again; key_2's entry (2001 ms old) is not.
    expect((await verify(second.key)).code).toBe("method_not_allowed");
    expect(fake.calls.listPolicies).toBe(2);
    expect(fake.calls.loadKey).toBe(2);
    // Changed back, and a policy added: a key carrying the new one has them read again
    // (t6001), and key_2, still cached, follows them.
    fake.policies[0] = policy("pol");
    fake.policies.push(policy("pol_new"));
    clock.advance(1000);
    const third = addKey("key_3", ["pol_new"]);
    expect((await verify(third.key)).code).toBe("valid");
    expect(fake.calls.listPolicies).toBe(3);
    expect((await verify(second.key)).code).toBe("valid");
    expect(fake.calls.loadKey).toBe(3);
  });

  it("R-KEY-POLICY-CHANGE: a key carrying a policy newer than the cached ones reads them again; a deleted policy grants nothing", async () => {
    const { fake, verify, addKey } = setup();
    await verify();
    expect(fake.calls.listPolicies).toBe(1);
    // A policy made and given to a key since (in another process: no invalidation here).
    fake.policies.push(policy("pol_post", ["POST"]));
    const b = addKey("key_b", ["pol_post"]);
    expect((await verify(b.key)).code).toBe("method_not_allowed"); // found: POST only
    expect(fake.calls.listPolicies).toBe(2);
    // A key whose only policy no longer exists: read once more, then no access.
    const c = addKey("key_c", ["pol_gone"]);
    expect((await verify(c.key)).code).toBe("no_access");
    expect(fake.calls.listPolicies).toBe(3);
    expect((await verify(c.key)).code).toBe("no_access");
    expect(fake.calls.listPolicies).toBe(3);
  });

  it("R-GW-VERIFY: fail closed — with the database hanging, unknown keys get 503 quickly, cached keys pass for the TTL", async () => {
    const { gw, fake, clock, verify } = setup();
    await gw.authenticate(TOKEN);
    await verify();
    fake.setHang(true);
    expect((await verify()).code).toBe("valid");
    // The fake database never answers: only the gateway's own timeout can answer this call.
    await expect(verify(generateKey().key)).rejects.toMatchObject({
      code: "unavailable",
      status: 503,
    });
    clock.advance(5001);
    await expect(verify()).rejects.toBeInstanceOf(GatewayServiceError);
    await expect(gw.authenticate(TOKEN)).rejects.toMatchObject({ code: "unavailable" });
  });

  it("R-GW-VERIFY: with the database down, /auth answers 503 problem details (no stack), never 200", async () => {
    const { gw, fake, k } = setup();
    fake.setHang(true);
    const r = await handleAuth(
      gw,
      (n) =>
        ({ "x-gatehouse-gateway-token": TOKEN, "x-original-uri": "/weather/", "x-api-key": k.key })[
          n
        ] ?? null,
      "GET",
    );
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toEqual({
      error: { code: "unavailable", message: expect.any(String) },
    });
    expect(r.body).not.toMatch(/at .*\.ts/);
  });

  it("R-GW-VERIFY: gateway tokens are cached; an unknown or revoked one is refused", async () => {
    const { gw, fake } = setup();
    await gw.authenticate(TOKEN);
    await gw.authenticate(TOKEN);
    expect(fake.calls.token).toBe(1);
    await expect(gw.authenticate(null)).rejects.toMatchObject({
      code: "invalid_gateway_token",
      status: 401,
    });
    await expect(gw.authenticate(generateKey("gw").key)).rejects.toMatchObject({
      code: "invalid_gateway_token",
    });
    const lookups = fake.calls.token;
    await expect(gw.authenticate("gw_garbage")).rejects.toMatchObject({
      code: "invalid_gateway_token",
    });
    expect(fake.calls.token).toBe(lookups); // malformed tokens never reach the database
    await expect(gw.authenticate(REVOKED)).rejects.toMatchObject({ code: "invalid_gateway_token" });
  });
});
