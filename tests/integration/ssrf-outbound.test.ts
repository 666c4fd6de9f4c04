import { afterEach, describe, expect, it } from "vitest";
import { loadOpenApiOperations } from "@/lib/docs/openapi";
import {
  guardedFetch,
  OUTBOUND_FAILURES,
  type OutboundRequest,
  type Resolver,
} from "@/lib/net/guarded-fetch";
import { OPENAPI_DOC, startTarget, type Target } from "./ssrf-target";

const targets: Target[] = [];
async function target(): Promise<Target> {
  const t = await startTarget();
  targets.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(targets.splice(0).map((t) => t.close()));
});

const REFUSE: OutboundRequest = { allowPrivate: false, timeoutMs: 2000, maxBodyBytes: 10_000 };
const ALLOW: OutboundRequest = { ...REFUSE, allowPrivate: true };

/** Nothing of the network's own error text reaches a result: no errno, address or port. */
function expectGeneric(result: unknown, port: number) {
  const text = JSON.stringify(result);
  expect(text).not.toMatch(/E[A-Z]{4,}|127\.0\.0\.1|::1/);
  expect(text).not.toContain(String(port));
}

describe("R-SEC-SSRF: the guarded outbound client against a real server on 127.0.0.1", () => {
  it("R-SEC-SSRF: loopback in every spelling and a name resolving to it are refused; the server sees no request", async () => {
    const t = await target();
    const p = t.port;
    const urls = [
      `http://127.0.0.1:${p}/doc`,
      `http://2130706433:${p}/doc`,
      `http://0x7f.1:${p}/doc`,
      `http://0177.0.0.1:${p}/doc`,
      `http://127.1:${p}/doc`,
      `http://[::ffff:127.0.0.1]:${p}/doc`,
      `http://[::1]:${p}/doc`,
      // Resolved by the system resolver (/etc/hosts) to loopback.
      `http://localhost:${p}/doc`,
    ];
    for (const url of urls)
      expect(await guardedFetch(url, REFUSE), url).toEqual({
        ok: false,
        reason: "refused: private address",
      });
    expect(t.hits).toEqual([]);
    // The same server is reachable: refusal was the only reason nothing arrived.
    for (const url of urls.slice(0, 5))
      expect(await guardedFetch(url, ALLOW), url).toMatchObject({ ok: true, status: 200 });
    expect(t.hits).toHaveLength(5);
  });

  it("R-SEC-SSRF: with private targets allowed the request is made, to the checked address, with the typed host name", async () => {
    const t = await target();
    const res = await guardedFetch(`${t.origin}/doc`, ALLOW);
    if (!res.ok) throw new Error(res.reason);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString("utf8"))).toEqual(OPENAPI_DOC);
    const resolve: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const named = await guardedFetch(`http://docs.internal.test:${t.port}/x`, {
      ...ALLOW,
      resolve,
    });
    expect(named).toMatchObject({ ok: true, status: 200 });
    expect(t.hits.map((h) => h.host)).toEqual([
      `127.0.0.1:${t.port}`,
      `docs.internal.test:${t.port}`,
    ]);
  });

  it("R-SEC-SSRF: a redirect is answered, never followed: the redirect target sees nothing", async () => {
    const a = await target();
    const b = await target();
    const res = await guardedFetch(`${a.origin}/redirect?to=${b.origin}/doc`, ALLOW);
    expect(res).toMatchObject({ ok: true, status: 302, headers: { location: `${b.origin}/doc` } });
    expect(a.hits).toHaveLength(1);
    expect(b.hits).toEqual([]);
  });

  it("R-SEC-SSRF: bodies over the cap are 'response too large' (declared or streamed); truncate keeps the first bytes", async () => {
    const t = await target();
    const capped = { ...ALLOW, maxBodyBytes: 1000 };
    expect(await guardedFetch(`${t.origin}/big`, capped)).toEqual({
      ok: false,
      reason: "response too large",
    });
    expect(await guardedFetch(`${t.origin}/big-chunked`, capped)).toEqual({
      ok: false,
      reason: "response too large",
    });
    const whole = await guardedFetch(`${t.origin}/big-chunked`, { ...ALLOW, maxBodyBytes: 5000 });
    expect(whole.ok && whole.body.length).toBe(5000);
    const cut = await guardedFetch(`${t.origin}/big`, { ...capped, overflow: "truncate" });
    expect(cut.ok && cut.body.toString()).toBe("x".repeat(1000));
    const headersOnly = await guardedFetch(`${t.origin}/hang`, {
      ...ALLOW,
      maxBodyBytes: 0,
      overflow: "truncate",
      timeoutMs: 500,
    });
    // /hang never answers, so even headers-only mode times out.
    expect(headersOnly).toEqual({ ok: false, reason: "timed out" });
  });

  it("R-SEC-SSRF: a target that never answers gives 'timed out' within the limit", async () => {
    const t = await target();
    // /hang never answers: only the client's own timeout can end this call (else the test times out).
    const res = await guardedFetch(`${t.origin}/hang`, { ...ALLOW, timeoutMs: 400 });
    expect(res).toEqual({ ok: false, reason: "timed out" });
    expect(t.hits).toHaveLength(1);
  });

  it("R-SEC-SSRF: a refused connection gives 'connection failed' with no address, port or errno", async () => {
    const t = await target();
    await t.close();
    const res = await guardedFetch(`${t.origin}/doc`, ALLOW);
    expect(res).toEqual({ ok: false, reason: "connection failed" });
    expectGeneric(res, t.port);
  });

  it("R-SEC-SSRF: DNS failures are 'DNS lookup failed', never the resolver's message", async () => {
    const failing: Resolver = async () => {
      throw new Error("getaddrinfo ENOTFOUND db.internal 10.0.0.7:5432");
    };
    const res = await guardedFetch("http://db.internal:5432/", { ...REFUSE, resolve: failing });
    expect(res).toEqual({ ok: false, reason: "DNS lookup failed" });
    expectGeneric(res, 5432);
    expect(
      await guardedFetch("http://nothing.test/", { ...REFUSE, resolve: async () => [] }),
    ).toEqual({ ok: false, reason: "DNS lookup failed" });
  });

  it("R-SEC-SSRF: non-http(s) URLs and URLs with credentials are refused before any lookup", async () => {
    let lookups = 0;
    const resolve: Resolver = async () => (lookups++, [{ address: "93.184.216.34", family: 4 }]);
    for (const url of [
      "ftp://example.com/x",
      "file:///etc/passwd",
      "http://u:p@example.com/",
      "::",
    ])
      expect(await guardedFetch(url, { ...REFUSE, resolve })).toEqual({
        ok: false,
        reason: "refused: not http(s)",
      });
    expect(lookups).toBe(0);
  });

  it("R-SEC-SSRF: a name answering public and private addresses at once is refused", async () => {
    const t = await target();
    const resolve: Resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ];
    expect(await guardedFetch(`http://mixed.test:${t.port}/doc`, { ...REFUSE, resolve })).toEqual({
      ok: false,
      reason: "refused: private address",
    });
    expect(t.hits).toEqual([]);
  });

  it("R-SEC-SSRF: DNS rebinding (public when checked, private afterwards) cannot make it connect to the private address", async () => {
    const victim = await target();
    let lookups = 0;
    const rebinding: Resolver = async () =>
      ++lookups === 1
        ? [{ address: "93.184.216.34", family: 4 }]
        : [{ address: "127.0.0.1", family: 4 }];
    // "localhost" on purpose: had the client let Node resolve the name again at connect time,
    // the system resolver would answer 127.0.0.1 and the victim would see the request.
    const res = await guardedFetch(`http://localhost:${victim.port}/doc`, {
      ...REFUSE,
      resolve: rebinding,
      timeoutMs: 1500,
      connectTimeoutMs: 1000,
    });
    expect(lookups).toBe(1);
    expect(victim.hits).toEqual([]);
    // The checked public address is not reachable from a test machine, or does not serve this port.
    if (!res.ok) expect(["timed out", "connection failed"]).toContain(res.reason);
    // The next request resolves again, gets the private answer, and is refused.
    expect(
      await guardedFetch(`http://localhost:${victim.port}/doc`, { ...REFUSE, resolve: rebinding }),
    ).toEqual({ ok: false, reason: "refused: private address" });
    expect(victim.hits).toEqual([]);
  });

  it("R-SEC-SSRF: failures are a closed set of generic reasons", () => {
    expect([...OUTBOUND_FAILURES].sort()).toEqual(
      [
        "DNS lookup failed",
        "connection failed",
        "refused: not http(s)",
        "refused: private address",
        "response too large",
        "timed out",
      ].sort(),
    );
  });
});

describe("R-SEC-SSRF: OpenAPI documents shown in the portal (lib/docs/openapi.ts)", () => {
  it("R-SEC-SSRF: a document on a private address is not fetched, so its operations are never shown", async () => {
    const t = await target();
    const refused = await loadOpenApiOperations(`${t.origin}/doc`, { allowPrivate: false });
    expect(refused).toEqual({ ok: false, error: "The document could not be loaded." });
    expect(JSON.stringify(refused)).not.toContain("listInternalUsers");
    expect(t.hits).toEqual([]);
    expect(await loadOpenApiOperations(`${t.origin}/doc`, { allowPrivate: true })).toMatchObject({
      ok: true,
      operations: [{ method: "GET", path: "/admin/users", summary: "listInternalUsers" }],
      document: { paths: { "/admin/users": expect.any(Object) } },
    });
  });

  it("R-SEC-SSRF: a document URL that redirects is not followed", async () => {
    const a = await target();
    const b = await target();
    const r = await loadOpenApiOperations(`${a.origin}/redirect?to=${b.origin}/doc`, {
      allowPrivate: true,
    });
    expect(r).toEqual({
      ok: false,
      error: "The document answered HTTP 302 (redirects are not followed).",
    });
    expect(b.hits).toEqual([]);
  });

  it("R-SEC-SSRF: a document over 1 MB is refused", async () => {
    const t = await target();
    expect(await loadOpenApiOperations(`${t.origin}/huge-doc`, { allowPrivate: true })).toEqual({
      ok: false,
      error: "The document is larger than 1 MB.",
    });
  });
});
