import { z } from "zod";

/** The longest a rolled key's old value may stay valid: 7 days (R-KEY-ROTATE). */
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;

/** The grace periods the console and the portal offer (the management API takes any 0 … 7 days). */
export const GRACE_CHOICES = [
  { value: "0", label: "None: the old key stops working at once" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "24 hours" },
  { value: String(MAX_GRACE_SECONDS), label: "7 days" },
] as const;

export const DEFAULT_GRACE = "86400";

const GRACE_VALUES = GRACE_CHOICES.map((c) => c.value) as [string, ...string[]];

/** The roll form's fields: the key and one of the offered grace periods (in seconds). */
export const rollKeyFields = {
  graceSeconds: z
    .enum(GRACE_VALUES, { message: "Choose a grace period: none, 1 hour, 24 hours or 7 days." })
    .transform(Number),
};
