import { describe, expect, it } from "vitest";
import { ApiIndex, extractKey, normalisePath, parseOriginalUri } from "@/lib/gateway/request";
import { UsageBuffer } from "@/lib/gateway/usage-buffer";

const h = (v: Record<string, string>) => (name: string) => v[name] ?? null;

describe("R-GW-VERIFY: reading the original request (lib/gateway/request.ts)", () => {
  it("R-GW-VERIFY: parses X-Original-URI: path, api_key parameter; dot segments and double slashes resolved", () => {
    expect(parseOriginalUri("/weather/today?lat=1&api_key=gh_x")).toEqual({
      ok: true,
      path: "/weather/today",
      apiKeyParam: "gh_x",
    });
    const path = (raw: string) => {
      const r = parseOriginalUri(raw);
      return r.ok ? r.path : null;
    };
    expect(path("/weather/../payments/charges")).toBe("/payments/charges");
    expect(path("/weather/%2e%2E/payments/")).toBe("/payments/");
    expect(path("//weather//a")).toBe("/weather/a");
    expect(path("/weather/x?next=/../payments")).toBe("/weather/x");
    expect(path("http://evil.example/weather/")).toBeNull();
    expect(path("weather")).toBeNull();
    expect(normalisePath("weather/x")).toEqual({ ok: true, path: "/weather/x" });
  });

  it("R-GW-VERIFY: the key comes from X-API-Key, then Authorization: Bearer, then api_key", () => {
    expect(extractKey(h({ "x-api-key": "a", authorization: "Bearer b" }), "c")).toBe("a");
    expect(extractKey(h({ authorization: "bearer   b " }), "c")).toBe("b");
    expect(extractKey(h({ authorization: "Basic Zm9vOmJhcg==" }), "c")).toBe("c");
    expect(extractKey(h({}), null)).toBeNull();
    expect(extractKey(h({ "x-api-key": "  " }), "")).toBeNull();
  });

  it("R-GW-VERIFY: the API is the longest listen-path prefix on a segment boundary; or by id / slug", () => {
    const idx = new ApiIndex([
      { id: "api_w", slug: "weather", listenPath: "/weather/" },
      { id: "api_wp", slug: "weather-pro", listenPath: "/weather/pro/" },
      { id: "api_g", slug: "geo", listenPath: "/geo" },
    ]);
    expect(idx.match("/weather/today")?.id).toBe("api_w");
    expect(idx.match("/weather")?.id).toBe("api_w");
    expect(idx.match("/weather/pro/x")?.id).toBe("api_wp");
    expect(idx.match("/weatherman")).toBeNull();
    expect(idx.match("/geo/search")?.id).toBe("api_g");
    expect(idx.match("/geography")).toBeNull();
    expect(idx.match("/")).toBeNull();
    expect(idx.byReference("weather-pro")?.id).toBe("api_wp");
    expect(idx.byReference("api_g")?.slug).toBe("geo");
  });
});

describe("R-GW-USAGE: the in-memory usage aggregate (lib/gateway/usage-buffer.ts)", () => {
  it("R-GW-USAGE: counts fold into one row per key, API and UTC hour; drain empties it", () => {
    const b = new UsageBuffer();
    const hour = Date.UTC(2030, 0, 1, 10);
    b.record("o", "k", "a", hour + 1, null);
    b.record("o", "k", "a", hour + 3_599_999, "rate_limited");
    b.record("o", "k", "a", hour + 3_600_000, null);
    b.record("o", "k", "b", hour + 5, null, 4);
    const batch = b.drain();
    expect(batch?.usage).toEqual([
      {
        orgId: "o",
        keyId: "k",
        apiId: "a",
        hour: new Date(hour),
        requests: 2,
        successes: 1,
        errors: 1,
        refusals: new Map([["rate_limited", 1]]),
      },
      {
        orgId: "o",
        keyId: "k",
        apiId: "a",
        hour: new Date(hour + 3_600_000),
        requests: 1,
        successes: 1,
        errors: 0,
        refusals: null,
      },
      {
        orgId: "o",
        keyId: "k",
        apiId: "b",
        hour: new Date(hour),
        requests: 4,
        successes: 4,
        errors: 0,
        refusals: null,
      },
    ]);
    expect(batch?.lastUsed).toEqual([{ orgId: "o", keyId: "k", at: new Date(hour + 3_600_000) }]);
    expect(b.drain()).toBeNull();
  });

  it("R-GW-USAGE: a restored batch merges with newer counts; quota deltas of an older period are dropped", () => {
    const b = new UsageBuffer();
    b.record("o", "k", "a", 1000, null);
    b.addQuota("o", "k", "p", 5000);
    b.addQuota("o", "k", "p", 5000);
    const batch = b.drain();
    if (!batch) throw new Error("expected a batch");
    b.record("o", "k", "a", 2000, "rate_limited");
    b.addQuota("o", "k", "p", 9000);
    b.restore(batch);
    const merged = b.drain();
    expect(merged?.usage[0]).toMatchObject({
      requests: 2,
      successes: 1,
      errors: 1,
      refusals: new Map([["rate_limited", 1]]),
    });
    expect(merged?.quota).toEqual([
      { orgId: "o", keyId: "k", scope: "p", delta: 1, renewsAt: new Date(9000) },
    ]);
  });
});
