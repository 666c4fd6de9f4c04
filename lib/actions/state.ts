/** What every form action returns: outcome, message, field-level errors and what was typed. */
export type ActionState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string | string[]>;
  /** Extra data for the page (e.g. a key to show once). */
  data?: Record<string, string>;
};

export const initialActionState: ActionState = { ok: false };
