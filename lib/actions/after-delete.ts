import { redirect } from "next/navigation";
import type { ActionState } from "@/lib/actions/state";
import { type Outcome, outcomeToState } from "@/lib/outcome";

/**
 * The end of every "Delete …" action in the console: a refusal stays on the page with its message;
 * a deletion refreshes the caches and goes back to the list, which says what was deleted
 * (`?deleted=1`, read by DeletedNotice). Server-side, because the page we are on no longer exists
 * and a client-side navigation would race its 404.
 */
export function afterDelete(
  outcome: Outcome<unknown>,
  listPath: string,
  refresh: () => void,
): ActionState {
  if (!outcome.ok) return outcomeToState(outcome);
  refresh();
  redirect(`${listPath}?deleted=1`);
}
