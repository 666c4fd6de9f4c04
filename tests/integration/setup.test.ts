import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { getAdmin } from "@/db/queries/admins";
import { countOrganisations, getOrganisationBySlug } from "@/db/queries/organisations";
import { auditLog } from "@/db/schema";
import { authenticateAdmin } from "@/lib/auth/credentials";
import { setupFirstOrganisation, type SetupInput } from "@/lib/setup";
import { describeEachDb, makeOrg, openFreshPglite, randomEmail, randomSlug } from "../helpers/db";

function input(overrides: Partial<SetupInput> = {}): SetupInput {
  return {
    orgName: "First Org",
    orgSlug: randomSlug("first"),
    name: "Olive Owner",
    email: randomEmail("Owner"),
    password: "owner-password",
    ...overrides,
  };
}

// A fresh install needs an empty database: only PGlite can give each test its own.
describeEachDb(
  "R-ORG-SETUP: first-run setup on an empty database (PGlite only: the shared Postgres is never empty)",
  () => {
    const handles: DbHandle[] = [];
    async function emptyDb() {
      const handle = await openFreshPglite();
      handles.push(handle);
      return handle.db;
    }
    afterEach(async () => {
      await Promise.all(handles.splice(0).map((h) => h.close()));
    });

    it("R-ORG-SETUP: creates the organisation and its owner admin, who can then log in", async () => {
      const db = await emptyDb();
      expect(await countOrganisations(db)).toBe(0);
      const given = input();
      const result = await setupFirstOrganisation(db, given);
      if (!result.ok) throw new Error(`setup refused: ${result.reason}`);

      const org = await getOrganisationBySlug(db, given.orgSlug);
      expect(org).toMatchObject({ id: result.orgId, name: "First Org" });
      const admin = await getAdmin(db, result.orgId, result.adminId);
      expect(admin).toMatchObject({
        role: "owner",
        name: "Olive Owner",
        email: given.email.toLowerCase(),
        status: "active",
      });
      expect(admin?.passwordHash).not.toContain(given.password);
      const claims = await authenticateAdmin(db, given.email, given.password);
      expect(claims).toMatchObject({ kind: "admin", uid: result.adminId, orgId: result.orgId });
      const audit = await db.select().from(auditLog).where(eq(auditLog.orgId, result.orgId));
      // Setup records the organisation; the login that follows records itself (R-AUDIT).
      expect(audit.map((r) => r.action).sort()).toEqual(["admin.login", "organisation.created"]);
    });

    it("R-ORG-SETUP: refuses a second setup once an organisation exists", async () => {
      const db = await emptyDb();
      expect((await setupFirstOrganisation(db, input())).ok).toBe(true);
      const again = input();
      expect(await setupFirstOrganisation(db, again)).toEqual({
        ok: false,
        reason: "already_set_up",
      });
      expect(await countOrganisations(db)).toBe(1);
      expect(await getOrganisationBySlug(db, again.orgSlug)).toBeNull();
      expect(await authenticateAdmin(db, again.email, again.password)).toBeNull();
    });

    it("R-ORG-SETUP: of two concurrent setups exactly one succeeds", async () => {
      const db = await emptyDb();
      const results = await Promise.all([
        setupFirstOrganisation(db, input()),
        setupFirstOrganisation(db, input()),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await countOrganisations(db)).toBe(1);
    });
  },
  { only: ["pglite"] },
);

describeEachDb("R-ORG-SETUP: first-run setup is closed once any organisation exists", (getDb) => {
  it("R-ORG-SETUP: refuses with already_set_up and creates nothing", async () => {
    const db = getDb();
    await makeOrg(db);
    const attempt = input();
    expect(await setupFirstOrganisation(db, attempt)).toEqual({
      ok: false,
      reason: "already_set_up",
    });
    expect(await getOrganisationBySlug(db, attempt.orgSlug)).toBeNull();
    expect(await authenticateAdmin(db, attempt.email, attempt.password)).toBeNull();
  });
});
