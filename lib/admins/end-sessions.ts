import type { Tx } from "@/db";
import { updateAdmin } from "@/db/queries/admins";
import { endSessions } from "@/lib/sessions/sessions";

/**
 * Ends every session of an admin, inside the caller's transaction: their session rows are
 * deleted (R-SEC-SESSIONS) and the session version is bumped, which also voids a login challenge
 * issued before (a disable or password reset during someone's code step ends that login too).
 * Returns the admin row, or null when there is no such admin in the organisation.
 */
export async function endAllAdminSessions(tx: Tx, orgId: string, adminId: string) {
  const row = await updateAdmin(tx, orgId, adminId, { bumpSession: true });
  if (row) await endSessions(tx, orgId, "admin", adminId);
  return row;
}
