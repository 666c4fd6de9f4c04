"use client";

import { z } from "zod";

// Zod compiles object parsers with `new Function` when it can, and probes for that with a
// `Function("")` call: under our CSP (no 'unsafe-eval') the probe is refused and reported as a
// violation on every form page. Interpreted parsing is as correct and fast enough for forms.
z.config({ jitless: true });

/** Rendered once in the root layout so the setting runs before any form parses. */
export function ZodJitless() {
  return null;
}
