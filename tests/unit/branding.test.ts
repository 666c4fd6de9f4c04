import { describe, expect, it } from "vitest";
import { accentPalette, accentProblem, contrastRatio } from "@/lib/branding/colour";
import { LOGO_MAX_BYTES, parseLogoDataUrl, sniffImage } from "@/lib/branding/logo";
import { curlExample } from "@/lib/portal/get-started";
import { brandingSchema } from "@/lib/validation/branding";

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString("base64")}`;

describe("R-PORTAL-HOME: branding — accent colour contrast and logo checks", () => {
  it("R-PORTAL-HOME: contrast ratios follow WCAG (black/white 21:1, same colour 1:1)", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#4f46e5", "#4f46e5")).toBe(1);
    expect(contrastRatio("#767676", "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });

  it("R-PORTAL-HOME: an accent too light for white text is refused with its ratio; a dark one passes", () => {
    expect(accentProblem("#4f46e5")).toBeNull();
    expect(accentProblem("#ffd700")).toMatch(
      /^Too light: white text on it has a contrast of 1\.\d:1/,
    );
    const r = brandingSchema.safeParse({ accentColor: "#FFD700" });
    expect(r.success).toBe(false);
    expect(brandingSchema.parse({ accentColor: " #0B5FFF " }).accentColor).toBe("#0b5fff");
    expect(brandingSchema.parse({ accentColor: "" }).accentColor).toBeNull();
    expect(brandingSchema.safeParse({ accentColor: "blue" }).success).toBe(false);
    expect(accentPalette("#0b5fff")["--color-brand-600"]).toBe("#0b5fff");
  });

  it("R-PORTAL-HOME: a logo is a PNG, JPEG or WebP by its bytes, at most 200 KB; SVG and lies are refused", () => {
    expect(sniffImage(PNG)).toBe("image/png");
    expect(parseLogoDataUrl(dataUrl("image/png", PNG))).toMatchObject({
      ok: true,
      mimeType: "image/png",
    });
    // A PNG claimed as JPEG, an SVG, script text: refused.
    expect(parseLogoDataUrl(dataUrl("image/jpeg", PNG)).ok).toBe(false);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    expect(parseLogoDataUrl(dataUrl("image/svg+xml", svg)).ok).toBe(false);
    expect(parseLogoDataUrl("javascript:alert(1)").ok).toBe(false);
    const big = Buffer.concat([PNG, Buffer.alloc(LOGO_MAX_BYTES)]);
    expect(parseLogoDataUrl(dataUrl("image/png", big))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/at most 200 KB/),
    });
    expect(brandingSchema.parse({ accentColor: "", logo: "remove" }).logo).toEqual({
      change: "remove",
    });
    expect(brandingSchema.parse({ accentColor: "" }).logo).toEqual({ change: "keep" });
  });

  it("R-PORTAL-HOME: the front door's curl example uses the gateway's address, the API's path and the developer's key prefix", () => {
    expect(curlExample("https://api.acme.test", "/weather/", "gh_3hK9")).toBe(
      'export API_KEY="gh_3hK9…"   # paste your whole key\ncurl -H "X-API-Key: $API_KEY" https://api.acme.test/weather/',
    );
    expect(curlExample("https://api.acme.test", "geo/", null)).toContain(
      "https://api.acme.test/geo/",
    );
    expect(curlExample("https://api.acme.test", "geo/", null)).toContain('API_KEY="your-key"');
  });
});
