import { expect, it } from "vitest";
import { getAdmin } from "@/db/queries/admins";
import { getDeveloper } from "@/db/queries/developers";
import { authenticateAdmin, authenticateDeveloper } from "@/lib/auth/credentials";
import {
  describeEachDb,
  makeAdmin,
  makeDeveloper,
  makeOrg,
  randomEmail,
  TEST_PASSWORD,
} from "../helpers/db";

describeEachDb("R-PORTAL-SIGNUP: admin login (authenticateAdmin)", (getDb) => {
  it("R-PORTAL-SIGNUP: the right password gives admin claims and records the login", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id, { email: randomEmail("Ada.Admin") });
    const claims = await authenticateAdmin(db, admin.email.toUpperCase(), TEST_PASSWORD);
    expect(claims).toEqual({
      kind: "admin",
      uid: admin.id,
      orgId: org.id,
      sv: admin.sessionVersion,
    });
    expect((await getAdmin(db, org.id, admin.id))?.lastLoginAt).toBeInstanceOf(Date);
  });

  it("R-PORTAL-SIGNUP: a wrong password or an unknown email gives null", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    expect(await authenticateAdmin(db, admin.email, `${TEST_PASSWORD}x`)).toBeNull();
    expect(await authenticateAdmin(db, admin.email, "")).toBeNull();
    expect(await authenticateAdmin(db, randomEmail("nobody"), TEST_PASSWORD)).toBeNull();
    expect((await getAdmin(db, org.id, admin.id))?.lastLoginAt).toBeNull();
  });
});

describeEachDb("R-PORTAL-SIGNUP: developer login (authenticateDeveloper)", (getDb) => {
  it("R-PORTAL-SIGNUP: the right password at the developer's portal gives developer claims", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const claims = await authenticateDeveloper(
      db,
      org.slug,
      dev.email.toUpperCase(),
      TEST_PASSWORD,
    );
    expect(claims).toEqual({
      kind: "developer",
      uid: dev.id,
      orgId: org.id,
      sv: dev.sessionVersion,
    });
    expect(dev.sessionVersion).toBe(1);
    expect((await getDeveloper(db, org.id, dev.id))?.lastLoginAt).toBeInstanceOf(Date);
  });

  it("R-PORTAL-SIGNUP: a wrong password, an unknown email or an unknown portal gives null", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    expect(await authenticateDeveloper(db, org.slug, dev.email, "wrong-password")).toBeNull();
    expect(
      await authenticateDeveloper(db, org.slug, randomEmail("nobody"), TEST_PASSWORD),
    ).toBeNull();
    expect(
      await authenticateDeveloper(db, `${org.slug}-missing`, dev.email, TEST_PASSWORD),
    ).toBeNull();
    expect((await getDeveloper(db, org.id, dev.id))?.lastLoginAt).toBeNull();
  });

  it("R-DEV-DEACTIVATE: an inactive developer cannot log in, even with the right password", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id, { status: "inactive" });
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toBeNull();
  });

  it("R-DEV-ADD: an invited developer without a password cannot log in", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id, { passwordHash: null });
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toBeNull();
    expect(await authenticateDeveloper(db, org.slug, dev.email, "")).toBeNull();
  });

  it("R-ORG-ISOLATION: a developer of org A cannot log in at org B's portal", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, a.id);
    expect(await authenticateDeveloper(db, b.slug, dev.email, TEST_PASSWORD)).toBeNull();
    expect((await authenticateDeveloper(db, a.slug, dev.email, TEST_PASSWORD))?.orgId).toBe(a.id);
  });

  it("R-ORG-ISOLATION: an admin's email and password do not open a developer portal", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    expect(await authenticateDeveloper(db, org.slug, admin.email, TEST_PASSWORD)).toBeNull();
  });

  it("R-PORTAL-SIGNUP: the same email in two organisations is two accounts, each with its own password", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const email = randomEmail("twice");
    const inA = await makeDeveloper(db, a.id, { email });
    const inB = await makeDeveloper(db, b.id, { email, password: "b-side-password" });
    expect(inB.id).not.toBe(inA.id);

    const atA = await authenticateDeveloper(db, a.slug, email, TEST_PASSWORD);
    const atB = await authenticateDeveloper(db, b.slug, email, "b-side-password");
    expect(atA).toMatchObject({ uid: inA.id, orgId: a.id });
    expect(atB).toMatchObject({ uid: inB.id, orgId: b.id });
    // Each account keeps its own password: A's does not open B and vice versa.
    expect(await authenticateDeveloper(db, b.slug, email, TEST_PASSWORD)).toBeNull();
    expect(await authenticateDeveloper(db, a.slug, email, "b-side-password")).toBeNull();
  });
});
