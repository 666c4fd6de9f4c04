import type { Tx } from "@/db";
import { updateAdmin } from "@/db/queries/admins";

/**
 * Ends every session of an admin, inside the caller's transaction: the session version is bumped
 * (guards refuse tokens of an older version).
 */
export async function endAllAdminSessions(tx: Tx, orgId: string, adminId: string) {
  return updateAdmin(tx, orgId, adminId, { bumpSession: true });
}
