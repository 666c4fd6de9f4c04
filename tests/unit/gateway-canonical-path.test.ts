import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalPath } from "@/lib/gateway/canonical-path";
import { ApiIndex, normalisePath, parseOriginalUri } from "@/lib/gateway/request";
import { HOSTILE_PATHS } from "../helpers/hostile-paths";

const apis = new ApiIndex([
  { id: "api_w", slug: "weather", listenPath: "/weather/" },
  { id: "api_p", slug: "payments", listenPath: "/payments/" },
]);

function judge(raw: string): "weather" | "payments" | "none" | "refused" {
  const parsed = parseOriginalUri(raw);
  if (!parsed.ok) return "refused";
  return (apis.match(parsed.path)?.slug as "weather" | "payments" | undefined) ?? "none";
}

describe("R-SEC-GW-PATH: one canonical path, as NGINX routes it (lib/gateway/canonical-path.ts)", () => {
  it(`R-SEC-GW-PATH: ${HOSTILE_PATHS.length} hostile paths are judged as the API NGINX routes them to, or refused`, () => {
    expect(HOSTILE_PATHS.length).toBeGreaterThanOrEqual(30);
    const judged = HOSTILE_PATHS.map((h) => ({ path: h.path, judged: judge(h.path) }));
    expect(judged).toEqual(HOSTILE_PATHS.map((h) => ({ path: h.path, judged: h.judged })));
    for (const h of HOSTILE_PATHS) {
      // The invariant the table exists for: whatever Gatehouse allows, NGINX routes to the same API.
      if (h.judged === "weather" || h.judged === "payments") expect(h.nginx).toBe(h.judged);
      if (h.canonical) {
        const parsed = parseOriginalUri(h.path);
        expect(parsed.ok && parsed.path).toBe(h.canonical);
      }
    }
  });

  it("R-SEC-GW-PATH: every refusal says why", () => {
    expect(canonicalPath("/a/%zz")).toEqual({
      ok: false,
      reason: "The path has a broken percent-encoding.",
    });
    expect(canonicalPath("/a/%c0%ae")).toEqual({
      ok: false,
      reason: "The path does not decode to UTF-8.",
    });
    expect(canonicalPath("/a/%00")).toEqual({
      ok: false,
      reason: "The path holds a control character.",
    });
    expect(canonicalPath("/a/%5c")).toEqual({ ok: false, reason: "The path holds a backslash." });
    expect(canonicalPath("/a/%252f")).toEqual({
      ok: false,
      reason: "The path is percent-encoded twice.",
    });
    expect(canonicalPath("/a/..;/b")).toEqual({
      ok: false,
      reason: "The path holds a dot segment with parameters.",
    });
    expect(canonicalPath("/..")).toEqual({ ok: false, reason: "The path climbs above the root." });
    expect(canonicalPath("a")).toEqual({ ok: false, reason: "The path must start with /." });
  });

  it("R-SEC-GW-PATH: header bytes and JSON text decode alike; non-ASCII paths survive", () => {
    // NGINX forwards raw UTF-8 bytes; Node hands a header over one character per byte.
    const asHeader = Buffer.from("/weather/é", "utf8").toString("latin1");
    expect(canonicalPath(asHeader, "bytes")).toEqual({ ok: true, path: "/weather/é" });
    expect(canonicalPath("/weather/%C3%A9", "bytes")).toEqual({ ok: true, path: "/weather/é" });
    expect(normalisePath("/weather/é")).toEqual({ ok: true, path: "/weather/é" });
    expect(normalisePath("/weather/日本")).toEqual({ ok: true, path: "/weather/日本" });
  });

  it("R-SEC-GW-PATH: the query string is not part of the path, and never moves it", () => {
    const r = parseOriginalUri("/weather/x?u=/../payments/&api_key=gh_k");
    expect(r).toEqual({ ok: true, path: "/weather/x", apiKeyParam: "gh_k" });
    expect(parseOriginalUri("/weather/x?api_key=%zz")).toMatchObject({
      ok: true,
      path: "/weather/x",
    });
  });

  it("R-SEC-GW-PATH: property — any path is refused or canonical (idempotent, no dot segment, no //, no escapes left)", () => {
    const segment = fc.oneof(
      fc.constantFrom(
        "..",
        ".",
        "",
        "%2e%2e",
        "%2E.",
        "%2f",
        "%5c",
        "%252f",
        "..;",
        "%00",
        "%c0%ae",
        "%zz",
        "%",
        "weather",
        "payments",
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segs) => {
        const raw = `/${segs.join("/")}`;
        const r = canonicalPath(raw, "text");
        if (!r.ok) return typeof r.reason === "string" && r.reason.length > 0;
        const again = canonicalPath(r.path, "text");
        // Re-reading the canonical form yields itself (its % signs are literal, so escape them).
        const reparsed = canonicalPath(r.path.replaceAll("%", "%25"), "text");
        return (
          r.path.startsWith("/") &&
          !r.path.includes("//") &&
          !/(^|\/)\.\.?(\/|$)/.test(r.path) &&
          (!again.ok || again.path === r.path) &&
          (!reparsed.ok || reparsed.path === r.path)
        );
      }),
      { numRuns: 2000 },
    );
  });
});
