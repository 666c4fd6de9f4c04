import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { insertAdmin } from "@/db/queries/admins";
import { insertAudit } from "@/db/queries/audit";
import { countOrganisations, insertOrganisation } from "@/db/queries/organisations";
import { hashPassword } from "@/lib/auth/password";

export type SetupInput = {
  orgName: string;
  orgSlug: string;
  name: string;
  email: string;
  password: string;
};
export type SetupResult =
  { ok: true; orgId: string; adminId: string } | { ok: false; reason: "already_set_up" };

/** First-run setup (R-ORG-SETUP): only while the install has no organisation at all. */
export async function setupFirstOrganisation(db: Db, input: SetupInput): Promise<SetupResult> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Serialise concurrent setups: the second one sees the first one's organisation.
    await tx.execute(sql`select pg_advisory_xact_lock(4242001)`);
    if ((await countOrganisations(tx)) > 0)
      return { ok: false as const, reason: "already_set_up" as const };
    const org = await insertOrganisation(tx, { name: input.orgName, slug: input.orgSlug });
    const admin = await insertAdmin(tx, org.id, {
      email: input.email,
      name: input.name,
      passwordHash,
      role: "owner",
    });
    await insertAudit(tx, org.id, {
      actorType: "admin",
      actorId: admin.id,
      action: "organisation.created",
      targetType: "organisation",
      targetId: org.id,
    });
    return { ok: true as const, orgId: org.id, adminId: admin.id };
  });
}
