import { z } from "zod";
import { accentProblem } from "@/lib/branding/colour";
import { parseLogoDataUrl } from "@/lib/branding/logo";

/** Settings → Branding: accent colour (contrast-checked), and a new logo, no change, or none. */
export const brandingSchema = z.object({
  accentColor: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^#[0-9a-fA-F]{6}$/.test(v)) {
        ctx.addIssue({ code: "custom", message: "Use a colour like #4f46e5." });
        return z.NEVER;
      }
      const problem = accentProblem(v.toLowerCase());
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
      return v.toLowerCase();
    }),
  logo: z
    .string()
    .max(400_000, "The logo is too large: at most 200 KB.")
    .optional()
    .transform((v, ctx) => {
      if (!v) return { change: "keep" as const };
      if (v === "remove") return { change: "remove" as const };
      const parsed = parseLogoDataUrl(v);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.message });
        return z.NEVER;
      }
      return { change: "set" as const, mimeType: parsed.mimeType, base64: parsed.base64 };
    }),
});
export type BrandingInput = z.output<typeof brandingSchema>;
