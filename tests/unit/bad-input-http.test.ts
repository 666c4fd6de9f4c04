import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  API_BODY_LIMIT,
  checkBodySize,
  FORM_BODY_LIMIT,
  readBodyCapped,
} from "@/lib/http/body-limit";
import { checkRequest } from "@/lib/http/check-request";
import { checkActionOrigin } from "@/lib/http/origin-check";
import { badPathSegment, checkPathEncoding } from "@/lib/http/path-check";
import { safeNextPath } from "@/lib/validation/common";

/**
 * The request checks proxy.ts runs before Next routes a request (R-SEC-BAD-INPUT): each one turns
 * what Next would answer with a 500 into a 4xx with a message, and lets everything else through.
 */

const BASE = "http://portal.example.test";

function post(path: string, headers: Record<string, string>, body?: BodyInit): Request {
  return new Request(`${BASE}${path}`, { method: "POST", headers, body });
}

async function problemOf(r: Response | null) {
  expect(r).not.toBeNull();
  const res = r as Response;
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

describe("R-SEC-BAD-INPUT: broken percent-encoding in the path", () => {
  it("R-SEC-BAD-INPUT: a segment that does not decode, or decodes to a control character, is a 400 (problem JSON under /api)", async () => {
    for (const path of ["/acme/catalog/%zz", "/%zz/catalog", "/acme/catalog/%E0%A4%A", "/a%00b"]) {
      const page = await problemOf(checkPathEncoding(new Request(`${BASE}${path}`)));
      expect([page.status, page.type]).toEqual([400, "text/plain; charset=utf-8"]);
      expect(page.text).toMatch(/not valid/);
    }
    for (const path of ["/api/v1/key-requests/%zz/approve", "/api/v1/key-requests/a%00b/approve"]) {
      const api = await problemOf(checkPathEncoding(post(path, {})));
      expect([api.status, api.type]).toEqual([400, "application/problem+json"]);
      expect(JSON.parse(api.text)).toMatchObject({
        type: "https://gatehouse.dev/problems/invalid_request",
        status: 400,
        code: "invalid_request",
      });
    }
  });

  it("R-SEC-BAD-INPUT: well-formed paths pass, encoded or not", () => {
    for (const path of [
      "/",
      "/acme/catalog/weather",
      "/acme/catalog/caf%C3%A9",
      "/admin/developers/dev_3hK9",
      "/_next/static/chunks/a.js",
      "/a%20b/%2F",
    ])
      expect(checkPathEncoding(new Request(`${BASE}${path}`)), path).toBeNull();
  });

  it("R-SEC-BAD-INPUT: property — a path passes exactly when every segment decodes to text without controls", () => {
    const segment = fc.string({
      unit: fc.constantFrom("a", "%", "z", "0", "F", "%00", "%zz", "%C3%A9", "%E9", "%0A", "-"),
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
        const path = `/${segments.join("/")}`;
        const clean = segments.every((s) => {
          try {
            return !/[\u0000-\u001f\u007f-\u009f]/.test(decodeURIComponent(s));
          } catch {
            return false;
          }
        });
        expect(badPathSegment(path) === null).toBe(clean);
      }),
      { numRuns: 200 },
    );
  });
});

describe("R-SEC-BAD-INPUT: cross-origin server action POSTs", () => {
  const action = { "next-action": "7f6ff9fa2a", "content-type": "text/plain;charset=UTF-8" };

  it("R-SEC-BAD-INPUT: an action posted from another origin is a 403 with a message, not Next's 500", async () => {
    const refused: Record<string, string>[] = [
      { ...action, host: "portal.example.test", origin: "http://evil.example" },
      { ...action, host: "portal.example.test", origin: "null" },
      { ...action, host: "portal.example.test", origin: "not a url" },
      {
        "content-type": "multipart/form-data; boundary=x",
        host: "portal.example.test",
        origin: "https://evil.example",
      },
      {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-host": "portal.example.test",
        host: "10.0.0.5:3000",
        origin: "https://10.0.0.5:3000",
      },
    ];
    for (const headers of refused) {
      const r = await problemOf(checkActionOrigin(post("/admin/login", headers)));
      expect(r.status).toBe(403);
      expect(r.text).toMatch(/another site/);
    }
  });

  it("R-SEC-BAD-INPUT: same-origin actions, actions without Origin, route handlers and GETs pass", () => {
    const host = { host: "portal.example.test" };
    expect(
      checkActionOrigin(post("/admin/login", { ...action, ...host, origin: BASE })),
    ).toBeNull();
    // Behind a proxy: Next compares with the first X-Forwarded-Host, and so do we.
    expect(
      checkActionOrigin(
        post("/admin/login", {
          ...action,
          host: "127.0.0.1:3000",
          "x-forwarded-host": "portal.example.test, proxy.internal",
          origin: "https://portal.example.test",
        }),
      ),
    ).toBeNull();
    expect(checkActionOrigin(post("/admin/login", { ...action, ...host }))).toBeNull();
    expect(
      checkActionOrigin(
        post("/api/v1/key-requests", {
          "content-type": "application/x-www-form-urlencoded",
          ...host,
          origin: "https://evil.example",
        }),
      ),
    ).toBeNull();
    expect(
      checkActionOrigin(
        new Request(`${BASE}/admin/login`, {
          headers: { ...host, origin: "https://evil.example" },
        }),
      ),
    ).toBeNull();
    expect(
      checkActionOrigin(
        post("/admin/login", { ...action, ...host, origin: "https://trusted.example" }),
        ["trusted.example"],
      ),
    ).toBeNull();
  });
});

describe("R-SEC-BAD-INPUT: oversized bodies", () => {
  it("R-SEC-BAD-INPUT: a form post announcing more than 1 MB is a 413 with a message; the management API's limit is 64 KB (problem JSON)", async () => {
    const form = await problemOf(
      checkBodySize(post("/acme/signup", { "content-length": String(FORM_BODY_LIMIT + 1) })),
    );
    expect([form.status, form.type]).toEqual([413, "text/plain; charset=utf-8"]);
    expect(form.text).toMatch(/too large: at most 1 MB/);
    const api = await problemOf(
      checkBodySize(
        post("/api/v1/key-requests/kreq_1/decline", {
          "content-length": String(API_BODY_LIMIT + 1),
        }),
      ),
    );
    expect([api.status, api.type]).toEqual([413, "application/problem+json"]);
    expect(JSON.parse(api.text)).toEqual({
      type: "https://gatehouse.dev/problems/payload_too_large",
      title: "Payload too large",
      status: 413,
      detail: "The request body is too large: at most 64 KB.",
      code: "payload_too_large",
    });
  });

  it("R-SEC-BAD-INPUT: bodies at the limit, GETs, and the gateway (its own 5 MB limit) pass", () => {
    expect(
      checkBodySize(post("/acme/signup", { "content-length": String(FORM_BODY_LIMIT) })),
    ).toBeNull();
    expect(
      checkBodySize(post("/api/gateway/usage", { "content-length": String(4 * FORM_BODY_LIMIT) })),
    ).toBeNull();
    expect(
      checkBodySize(
        new Request(`${BASE}/acme`, { headers: { "content-length": String(FORM_BODY_LIMIT * 2) } }),
      ),
    ).toBeNull();
    expect(checkBodySize(post("/acme/signup", {}))).toBeNull();
  });

  it("R-SEC-BAD-INPUT: readBodyCapped stops at the limit even when Content-Length is missing, and refuses invalid UTF-8", async () => {
    const chunked = (bytes: number) =>
      new Request(`${BASE}/api/v1/x`, {
        method: "POST",
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (let sent = 0; sent < bytes; sent += 1000)
              controller.enqueue(new Uint8Array(Math.min(1000, bytes - sent)).fill(97));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
    expect(await readBodyCapped(chunked(5000), 4096)).toEqual({ ok: false, reason: "too_large" });
    expect(await readBodyCapped(chunked(4000), 4096)).toEqual({ ok: true, text: "a".repeat(4000) });
    expect(
      await readBodyCapped(post("/api/v1/x", {}, new Uint8Array([0x7b, 0xff, 0x7d])), 4096),
    ).toEqual({ ok: false, reason: "invalid_utf8" });
    expect(await readBodyCapped(post("/api/v1/x", {}, '{"reason":"é"}'), 4096)).toEqual({
      ok: true,
      text: '{"reason":"é"}',
    });
  });
});

describe("R-SEC-BAD-INPUT: one call for proxy.ts", () => {
  it("R-SEC-BAD-INPUT: checkRequest applies the three checks and passes an ordinary request", async () => {
    expect((await problemOf(checkRequest(new Request(`${BASE}/%zz`)))).status).toBe(400);
    expect(
      (
        await problemOf(
          checkRequest(
            post("/acme/signup", {
              "next-action": "x",
              host: "portal.example.test",
              origin: "https://evil.example",
            }),
          ),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await problemOf(
          checkRequest(post("/acme/signup", { "content-length": String(FORM_BODY_LIMIT + 1) })),
        )
      ).status,
    ).toBe(413);
    expect(
      checkRequest(
        post("/acme/signup", {
          "next-action": "x",
          host: "portal.example.test",
          origin: BASE,
          "content-length": "100",
        }),
      ),
    ).toBeNull();
  });
});

describe("R-SEC-BAD-INPUT: login redirect targets (next / callbackUrl)", () => {
  it("R-SEC-BAD-INPUT: non-ASCII targets are percent-encoded (a Location header is Latin-1), existing escapes kept", () => {
    expect(safeNextPath("/\u3000x", "/admin")).toBe("/%E3%80%80x");
    expect(safeNextPath("/é", "/admin")).toBe("/%C3%A9");
    expect(safeNextPath("/acme/catalog/caf%C3%A9?tab=a b#x", "/admin")).toBe(
      "/acme/catalog/caf%C3%A9?tab=a%20b#x",
    );
    expect(safeNextPath("/100%", "/admin")).toBe("/100%25");
  });

  it("R-SEC-BAD-INPUT: anything but a same-origin path falls back to the default page", () => {
    for (const next of [
      "//evil.example",
      "/\\evil.example",
      "/a\\b",
      "https://evil.example/",
      "evil",
      "",
      "/a\u0000b",
      "/a\nb",
      "/a\u0085",
      "/\ud800",
      `/${"a".repeat(3000)}`,
      undefined,
      42,
    ])
      expect(safeNextPath(next, "/admin")).toBe("/admin");
  });

  it("R-SEC-BAD-INPUT: property — whatever the input, the target is a Latin-1-safe same-origin path", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (tail) => {
        const target = safeNextPath(`/${tail}`, "/fallback");
        expect(target).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
        // A Headers object accepts it (Node refuses anything beyond Latin-1 with a 500).
        expect(() => new Headers({ location: target })).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });
});
