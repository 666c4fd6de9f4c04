import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/state";

/** The form-level message of an action (field errors are shown beside their fields). */
export function FormMessage({ state }: { state: ActionState }) {
  if (!state.message) return null;
  return <Alert tone={state.ok ? "success" : "error"}>{state.message}</Alert>;
}
