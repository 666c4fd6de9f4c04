/** WCAG 2.x relative luminance of an sRGB colour `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The text contrast WCAG 1.4.3 (AA) asks for: buttons carry white text on the accent, links
 * are the accent on white — both need 4.5:1. */
export const MIN_ACCENT_CONTRAST = 4.5;

/** Why an accent colour cannot be used, or null. */
export function accentProblem(hex: string): string | null {
  const ratio = contrastRatio(hex, "#ffffff");
  if (ratio >= MIN_ACCENT_CONTRAST) return null;
  return `Too light: white text on it has a contrast of ${ratio.toFixed(1)}:1, and links on white the same; it needs ${MIN_ACCENT_CONTRAST}:1. Choose a darker colour.`;
}

/** `hex` mixed with black (amount 0–1): the hover and pressed shades of an accent. */
export function darken(hex: string, amount: number): string {
  const out = [1, 3, 5].map((i) =>
    Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - amount))
      .toString(16)
      .padStart(2, "0"),
  );
  return `#${out.join("")}`;
}

/** `hex` mixed with white (amount 0–1): the tinted backgrounds of an accent. */
export function lighten(hex: string, amount: number): string {
  const out = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16);
    return Math.round(c + (255 - c) * amount)
      .toString(16)
      .padStart(2, "0");
  });
  return `#${out.join("")}`;
}

/**
 * The portal's brand palette from one accent (CSS custom properties the Tailwind theme's
 * brand colours read): 600 is the accent itself, 700/800 darker, 50/100 tints.
 */
export function accentPalette(hex: string): Record<string, string> {
  return {
    "--color-brand-50": lighten(hex, 0.92),
    "--color-brand-100": lighten(hex, 0.85),
    "--color-brand-600": hex,
    "--color-brand-700": darken(hex, 0.15),
    "--color-brand-800": darken(hex, 0.3),
  };
}
