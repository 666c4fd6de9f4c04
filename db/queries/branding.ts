import { eq } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { organisationLogos, organisations } from "../schema";

export type Branding = { accentColor: string | null; logoVersion: number | null };

/** The organisation's accent and whether it has a logo (its version: the logo's update time). */
export async function getBranding(db: Db | Tx, orgId: string): Promise<Branding | null> {
  const [row] = await db
    .select({ accentColor: organisations.accentColor, logoAt: organisationLogos.updatedAt })
    .from(organisations)
    .leftJoin(organisationLogos, eq(organisationLogos.orgId, organisations.id))
    .where(eq(organisations.id, orgId))
    .limit(1);
  if (!row) return null;
  return { accentColor: row.accentColor, logoVersion: row.logoAt?.getTime() ?? null };
}

export async function getLogo(db: Db, orgId: string) {
  const [row] = await db
    .select()
    .from(organisationLogos)
    .where(eq(organisationLogos.orgId, orgId))
    .limit(1);
  return row ?? null;
}

export async function setAccentColor(db: Db | Tx, orgId: string, accentColor: string | null) {
  const [row] = await db
    .update(organisations)
    .set({ accentColor })
    .where(eq(organisations.id, orgId))
    .returning({ id: organisations.id });
  return row ?? null;
}

export async function putLogo(db: Db | Tx, orgId: string, mimeType: string, dataBase64: string) {
  const now = new Date();
  await db
    .insert(organisationLogos)
    .values({ orgId, mimeType, dataBase64, updatedAt: now })
    .onConflictDoUpdate({
      target: organisationLogos.orgId,
      set: { mimeType, dataBase64, updatedAt: now },
    });
}

export async function deleteLogo(db: Db | Tx, orgId: string) {
  await db.delete(organisationLogos).where(eq(organisationLogos.orgId, orgId));
}
