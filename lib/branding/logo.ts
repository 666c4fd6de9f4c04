/** Portal logos (R-PORTAL-HOME): PNG, JPEG or WebP (no SVG: it can carry script), ≤ 200 KB. */
export const LOGO_MAX_BYTES = 200 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** What the bytes really are, from their signature (never from the name or a claimed type). */
export function sniffImage(bytes: Uint8Array): LogoType | null {
  const at = (i: number, ...sig: number[]) => sig.every((b, k) => bytes[i + k] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return null;
}

/**
 * A logo posted as a data: URL (the form reads the chosen file in the browser): its type and
 * base64, or why it is refused. The type is the one the bytes show, and must match the claim.
 */
export function parseLogoDataUrl(
  value: string,
): { ok: true; mimeType: LogoType; base64: string } | { ok: false; message: string } {
  const m = /^data:(image\/[a-z+.-]+);base64,([A-Za-z0-9+/]+={0,2})$/.exec(value);
  if (!m?.[1] || !m[2]) return { ok: false, message: "Choose a PNG, JPEG or WebP image." };
  const bytes = Buffer.from(m[2], "base64");
  if (bytes.length > LOGO_MAX_BYTES)
    return {
      ok: false,
      message: `The logo is ${Math.ceil(bytes.length / 1024)} KB: at most ${LOGO_MAX_BYTES / 1024} KB.`,
    };
  const sniffed = sniffImage(bytes);
  if (!sniffed || sniffed !== m[1])
    return { ok: false, message: "Choose a PNG, JPEG or WebP image." };
  return { ok: true, mimeType: sniffed, base64: m[2] };
}

/** The portal logo's address; the version (its update time) makes a new logo a new URL. */
export function logoPath(orgSlug: string, version: number): string {
  return `/${orgSlug}/logo?v=${version}`;
}
