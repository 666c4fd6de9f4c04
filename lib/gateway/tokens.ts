import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { type ApiTokenKind, insertApiToken, revokeApiToken } from "@/db/queries/gateway";
import { generateKey } from "@/lib/keys/format";

/**
 * Organisation API tokens: `gw_…` for gateways (X-Gatehouse-Gateway-Token), `gm_…` for the
 * management API (Authorization: Bearer). Same shape as keys: base58 with a checksum, stored as
 * SHA-256 only, the plaintext shown once.
 */
export const API_TOKEN_PREFIX: Record<ApiTokenKind, string> = { gateway: "gw", management: "gm" };

export function newApiToken(kind: ApiTokenKind): { token: string; hash: string; start: string } {
  const k = generateKey(API_TOKEN_PREFIX[kind]);
  return { token: k.key, hash: k.hash, start: k.start };
}

export async function createApiToken(
  db: Db,
  orgId: string,
  adminId: string,
  input: { kind: ApiTokenKind; name: string },
) {
  const t = newApiToken(input.kind);
  const row = await insertApiToken(db, orgId, {
    kind: input.kind,
    name: input.name,
    hash: t.hash,
    start: t.start,
    createdByAdminId: adminId,
  });
  await insertAudit(db, orgId, {
    actorType: "admin",
    actorId: adminId,
    action: "api_token.create",
    targetType: "api_token",
    targetId: row.id,
    data: { kind: input.kind, name: input.name },
  });
  return { ...row, token: t.token };
}

/** Revokes the token; returns its hash so the caller can drop it from gateway caches. Null if not found here. */
export async function revokeToken(db: Db, orgId: string, adminId: string, tokenId: string) {
  const row = await revokeApiToken(db, orgId, tokenId);
  if (!row) return null;
  await insertAudit(db, orgId, {
    actorType: "admin",
    actorId: adminId,
    action: "api_token.revoke",
    targetType: "api_token",
    targetId: row.id,
    data: { kind: row.kind, name: row.name },
  });
  return row;
}
