import type { ActionState } from "@/lib/actions/state";

export type FormAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/** The server actions the two-factor section posts to (passed in by the page). */
export type TwoFactorActions = {
  start: FormAction;
  confirm: FormAction;
  cancel: FormAction;
  disable: FormAction;
  newCodes: FormAction;
};

/** What the panel shows; the secret and QR code only while a set-up is pending. */
export type TwoFactorView =
  | { status: "off" | "unreadable" }
  | { status: "pending"; secret: string; uri: string; qrDataUrl: string }
  | { status: "on"; recoveryCodesLeft: number };
