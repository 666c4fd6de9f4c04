import type { Db, Tx } from "@/db";
import {
  type AdminLinkKind,
  consumeAdminLinkToken,
  findAdminLinkToken,
  insertAdminLinkToken,
} from "@/db/queries/admin-links";
import { getAdmin } from "@/db/queries/admins";
import { getOrganisation } from "@/db/queries/organisations";
import { newUrlToken, sha256Hex } from "@/lib/crypto";
import { linkTokenField } from "@/lib/validation/ids";

/** Issues an admin's single-use link (the earlier one of its kind stops working); returns the plaintext. */
export async function issueAdminLink(
  db: Db | Tx,
  orgId: string,
  kind: AdminLinkKind,
  adminId: string,
  ttlSeconds: number,
  data?: Record<string, string>,
): Promise<string> {
  const { token, hash } = newUrlToken();
  await insertAdminLinkToken(db, orgId, {
    kind,
    adminId,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    data,
  });
  return token;
}

/**
 * The admin, organisation and link data behind a valid, unspent link (for the page behind it),
 * or null.
 */
export async function peekAdminLink(db: Db, kind: AdminLinkKind, token: string) {
  // A route param of the wrong shape is simply "no such link".
  if (!linkTokenField.safeParse(token).success) return null;
  const row = await findAdminLinkToken(db, kind, sha256Hex(token));
  if (!row) return null;
  const [admin, org] = await Promise.all([
    getAdmin(db, row.orgId, row.subjectId),
    getOrganisation(db, row.orgId),
  ]);
  return admin && org && admin.status === "active" ? { admin, org, data: row.data } : null;
}

/** Spends a link inside the caller's transaction; null when it is not valid (any more). */
export function spendAdminLink(tx: Tx, kind: AdminLinkKind, token: string) {
  return consumeAdminLinkToken(tx, kind, sha256Hex(token));
}
