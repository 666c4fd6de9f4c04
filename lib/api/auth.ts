import type { Db } from "@/db";
import { touchApiTokens, findApiTokenByHash } from "@/db/queries/gateway";
import { getOrganisation } from "@/db/queries/organisations";
import type { Organisation } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";

export type ApiPrincipal = { tokenId: string; org: Organisation };

/** Management API: `Authorization: Bearer <admin API token>`; the token decides the organisation. */
export async function authenticateManagement(
  db: Db,
  request: Request,
): Promise<ApiPrincipal | null> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return null;
  const token = await findApiTokenByHash(db, sha256Hex(match[1]), "management");
  if (!token || token.revokedAt) return null;
  const org = await getOrganisation(db, token.orgId);
  if (!org) return null;
  await touchApiTokens(db, [{ orgId: org.id, tokenId: token.id, at: new Date() }]);
  return { tokenId: token.id, org };
}
