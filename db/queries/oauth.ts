import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../index";
import { oauthClients } from "../schema";

/** OAuth clients panel of a developer (R-DEV-OAUTH-CLIENTS). */
export async function listDeveloperOauthClients(db: Db, orgId: string, developerId: string) {
  return db
    .select({
      id: oauthClients.id,
      name: oauthClients.name,
      clientId: oauthClients.clientId,
      redirectUris: oauthClients.redirectUris,
      createdAt: oauthClients.createdAt,
      revokedAt: oauthClients.revokedAt,
    })
    .from(oauthClients)
    .where(and(eq(oauthClients.orgId, orgId), eq(oauthClients.developerId, developerId)))
    .orderBy(desc(oauthClients.createdAt));
}
