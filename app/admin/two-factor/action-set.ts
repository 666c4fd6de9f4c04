import type { TwoFactorActions } from "@/components/admin/two-factor/types";
import {
  cancelTwoFactorAction,
  confirmTwoFactorAction,
  disableTwoFactorAction,
  newRecoveryCodesAction,
  startTwoFactorAction,
} from "./actions";

/** The two-factor section's actions, for the pages that show it (Account and this set-up page). */
export const TWO_FACTOR_ACTIONS: TwoFactorActions = {
  start: startTwoFactorAction,
  confirm: confirmTwoFactorAction,
  cancel: cancelTwoFactorAction,
  disable: disableTwoFactorAction,
  newCodes: newRecoveryCodesAction,
};
