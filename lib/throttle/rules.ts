/**
 * R-SEC-THROTTLE: every limit in one table (docs/SECURITY.md "Throttling" lists the same).
 * `window`: at most `limit` attempts in a window that starts at the first one.
 * `penalty`: `free` attempts, then each further attempt must wait 2^n × `baseDelayMs` (capped at
 * `maxDelayMs`) after the previous one; forgotten `forgetMs` after the last wait ends. A success
 * clears it. Never a permanent lock: every record expires.
 */
export type WindowRule = { kind: "window"; limit: number; windowMs: number };
export type PenaltyRule = {
  kind: "penalty";
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetMs: number;
};
export type Rule = WindowRule | PenaltyRule;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const LIMITS = {
  /** Login per account (email + portal): 5 tries, then 1, 2, 4, 8, 15, 15… minutes apart. */
  loginAccount: {
    kind: "penalty",
    free: 5,
    baseDelayMs: MINUTE,
    maxDelayMs: 15 * MINUTE,
    forgetMs: 15 * MINUTE,
  },
  /** Login attempts per client address, whatever the account. */
  loginAddress: { kind: "window", limit: 30, windowMs: 15 * MINUTE },
  /** Emails to one address per flow (signup, reset, email change, verification); beyond: silence. */
  emailTarget: { kind: "window", limit: 3, windowMs: HOUR },
  /** Signup, reset and email-change requests per client address and flow. */
  emailAddress: { kind: "window", limit: 10, windowMs: HOUR },
  /** Key requests per developer. */
  keyRequest: { kind: "window", limit: 10, windowMs: HOUR },
  /** Invitation emails re-sent per invitee. */
  invitationResend: { kind: "window", limit: 3, windowMs: HOUR },
} as const satisfies Record<string, Rule>;

export type LimitName = keyof typeof LIMITS;
