import type { ActionState } from "@/lib/actions/state";

/**
 * Who makes a change, as the audit log records it (spread it into an audit entry). An admin from
 * the console, a developer from the portal, an admin API token from the management API, or the
 * system itself (auto-approval).
 */
export type Actor =
  | { actorType: "admin" | "developer" | "api_token"; actorId: string }
  | { actorType: "system"; actorId: null };

export const adminActor = (adminId: string): Actor => ({ actorType: "admin", actorId: adminId });
export const developerActor = (developerId: string): Actor => ({
  actorType: "developer",
  actorId: developerId,
});
export const SYSTEM_ACTOR: Actor = { actorType: "system", actorId: null };

/** Why a domain function refused; "forbidden": the actor's role may not (re-checked in the domain). */
export type FailReason = "not_found" | "conflict" | "in_use" | "invalid" | "forbidden";

/**
 * What every domain function answers (configuration, developers, keys, key requests): a value and a
 * message, or a reason from a closed list and a message. Callers branch on `reason`, never on the
 * text; actions turn it into an ActionState (outcomeToState), the management API into a problem.
 */
export type Outcome<T> =
  | { ok: true; value: T; message: string }
  | {
      ok: false;
      reason: FailReason;
      message: string;
      fieldErrors?: Record<string, string[]>;
    };

export function done<T>(value: T, message: string): Outcome<T> {
  return { ok: true, value, message };
}

export function failed(
  reason: FailReason,
  message: string,
  fieldErrors?: Record<string, string[]>,
): Outcome<never> {
  return { ok: false, reason, message, fieldErrors };
}

/** The form state of an outcome; on success the form navigates to `redirectTo` (see useConfigForm). */
export function outcomeToState(outcome: Outcome<unknown>, redirectTo?: string): ActionState {
  if (!outcome.ok) return { ok: false, message: outcome.message, fieldErrors: outcome.fieldErrors };
  return { ok: true, message: outcome.message, data: redirectTo ? { redirectTo } : undefined };
}

/** Tells a failed outcome from a row, where a write answers either. */
export function isOutcome(x: unknown): x is Outcome<never> {
  return typeof x === "object" && x !== null && "ok" in x && "message" in x;
}
