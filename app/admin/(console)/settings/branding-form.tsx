"use client";
import { type CSSProperties, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FileField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { contrastRatio, MIN_ACCENT_CONTRAST } from "@/lib/branding/colour";
import { LOGO_MAX_BYTES, LOGO_TYPES } from "@/lib/branding/logo";
import { saveBrandingAction } from "./actions";

const DEFAULT_ACCENT = "#4f46e5";

/** Settings → Branding: the portal's accent colour (with its contrast) and logo. */
export function BrandingForm({
  accentColor,
  logoUrl,
  readOnly,
}: {
  accentColor: string | null;
  logoUrl: string | null;
  readOnly: boolean;
}) {
  const { state, formAction, field } = useActionForm(saveBrandingAction, {
    stored: { accentColor: accentColor ?? "" },
  });
  const { defaultValue: storedColour, ...accent } = field("accentColor");
  const [colour, setColour] = useState(storedColour ?? "");
  const [logo, setLogo] = useState<{ value: string; preview: string | null; error?: string }>({
    value: "",
    preview: logoUrl,
  });
  const valid = /^#[0-9a-fA-F]{6}$/.test(colour);
  const shown = valid ? colour : DEFAULT_ACCENT;
  const ratio = contrastRatio(shown.toLowerCase(), "#ffffff");

  function pick(file: File | undefined) {
    if (!file) return;
    if (!(LOGO_TYPES as readonly string[]).includes(file.type) || file.size > LOGO_MAX_BYTES) {
      setLogo({
        ...logo,
        error: `Choose a PNG, JPEG or WebP image of at most ${LOGO_MAX_BYTES / 1024} KB.`,
      });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      setLogo({ value: url, preview: url });
    };
    reader.readAsDataURL(file);
  }

  return (
    <Card>
      <CardHeader
        title="Branding"
        description="The accent colour and logo of your developer portal's pages."
      />
      <CardBody>
        <form action={formAction} className="space-y-4" noValidate>
          <FormMessage state={state} />
          <fieldset disabled={readOnly} className="space-y-4">
            <div className="flex items-end gap-3">
              <TextField
                {...accent}
                className="flex-1"
                label="Accent colour (optional)"
                hint="A colour like #4f46e5; empty for the default. White text on it must stay readable."
                value={colour}
                onChange={(e) => setColour(e.target.value)}
                spellCheck={false}
                autoCapitalize="none"
                maxLength={7}
              />
              <input
                type="color"
                aria-label="Pick the accent colour"
                value={shown}
                onChange={(e) => setColour(e.target.value)}
                className="mb-0.5 h-9 w-12 cursor-pointer rounded-md border border-slate-300 bg-white"
              />
            </div>
            <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="accent-preview">
              <span
                className="rounded-md px-3 py-1.5 font-medium text-white"
                style={{ backgroundColor: shown }}
              >
                Request access
              </span>
              {/* As the portal shows a link: the accent itself, lightened in the dark theme. */}
              <span
                style={{ "--accent": shown } as CSSProperties}
                className="font-medium text-(--accent) underline dark:text-[color-mix(in_oklab,var(--accent)_30%,#fff)]"
              >
                A link
              </span>
              <span className={ratio >= MIN_ACCENT_CONTRAST ? "text-slate-700" : "text-red-700"}>
                Contrast with white {ratio.toFixed(1)}:1 (needs {MIN_ACCENT_CONTRAST}:1)
              </span>
            </div>
            <input type="hidden" name="logo" value={logo.value} />
            <div className="flex flex-wrap items-center gap-4">
              {logo.preview ? (
                // eslint-disable-next-line @next/next/no-img-element -- a data: URL or our own route
                <img
                  src={logo.preview}
                  alt="Current logo"
                  className="h-12 max-w-40 rounded border border-slate-200 object-contain p-1"
                />
              ) : (
                <p className="text-sm text-slate-600">No logo: the portal shows your name.</p>
              )}
              {logo.preview && (
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  onClick={() => setLogo({ value: "remove", preview: null })}
                >
                  Remove logo
                </Button>
              )}
            </div>
            <FileField
              name="logoFile"
              label="Logo (optional)"
              hint="PNG, JPEG or WebP, at most 200 KB. Shown in the portal's header and front page."
              accept={LOGO_TYPES.join(",")}
              errors={logo.error ? [logo.error] : field("logo").errors}
              onChange={(e) => pick(e.target.files?.[0])}
            />
          </fieldset>
          {!readOnly && <SubmitButton pendingText="Saving…">Save branding</SubmitButton>}
        </form>
      </CardBody>
    </Card>
  );
}
