import { asc, count, eq } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { type NewOrganisation, organisations } from "../schema";

// Organisation rows are the tenancy root: these are the only queries not scoped by an orgId.

export async function countOrganisations(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return row?.n ?? 0;
}

export async function getOrganisationBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug)).limit(1);
  return row ?? null;
}

export async function getOrganisation(db: Db, orgId: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, orgId)).limit(1);
  return row ?? null;
}

/** Portals listed on the install's start page. */
export async function listOrganisations(db: Db) {
  return db
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .orderBy(asc(organisations.createdAt))
    .limit(50);
}

export async function insertOrganisation(db: Db | Tx, values: NewOrganisation) {
  const [row] = await db.insert(organisations).values(values).returning();
  if (!row) throw new Error("organisation insert returned nothing");
  return row;
}
