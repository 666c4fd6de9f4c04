import { expect, it } from "vitest";
import { authenticateDeveloper } from "@/lib/auth/credentials";
import { changeOwnEmail, changeOwnPassword, updateOwnProfile } from "@/lib/developers/profile";
import { describeEachDb, makeDeveloper, makeOrg, randomHex, TEST_PASSWORD } from "../helpers/db";
import { auditOf, makeKey, makePolicy } from "../helpers/dev-fixtures";
import { developerRow, keysOfDeveloper } from "../helpers/portal-fixtures";

describeEachDb("Developer portal: Account → Edit profile (lib/developers/profile.ts)", (getDb) => {
  it("R-PROFILE-EDIT: name, telephone and country change; sessions and keys stay", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id, {
      name: "Old Name",
      telephone: "+44 20 1234",
      country: "GB",
    });
    const policy = await makePolicy(db, org.id);
    await makeKey(db, org.id, dev.id, [policy.id]);
    const keysBefore = await keysOfDeveloper(db, org.id, dev.id);

    await updateOwnProfile(db, dev, { name: "New Name", telephone: null, country: "DE" });
    const after = await developerRow(db, dev.id);
    expect(after).toMatchObject({
      name: "New Name",
      telephone: null,
      country: "DE",
      email: dev.email,
      sessionVersion: dev.sessionVersion,
      passwordHash: dev.passwordHash,
    });
    expect(await keysOfDeveloper(db, org.id, dev.id)).toEqual(keysBefore);
    expect(
      (await auditOf(db, org.id, dev.id)).map((a) => [a.action, a.actorType, a.actorId]),
    ).toEqual([["developer.profile_updated", "developer", dev.id]]);
  });

  it("R-PROFILE-EDIT: changing the email needs the current password; a wrong one changes nothing", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const r = await changeOwnEmail(db, dev, `new.${randomHex()}@example.test`, "not-my-password");
    expect(r).toEqual({
      ok: false,
      error: "Your current password is not correct.",
      field: "currentPassword",
    });
    expect(await developerRow(db, dev.id)).toMatchObject({
      email: dev.email,
      sessionVersion: dev.sessionVersion,
    });
  });

  it("R-PROFILE-EDIT: a new email with the right password: stored lower-cased, login with it, other sessions end, needs re-verification", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id, { emailVerifiedAt: new Date() });
    const next = `New.Address.${randomHex()}@Example.TEST`;
    expect(await changeOwnEmail(db, dev, next, TEST_PASSWORD)).toEqual({ ok: true });
    const after = await developerRow(db, dev.id);
    expect(after).toMatchObject({
      email: next.toLowerCase(),
      sessionVersion: dev.sessionVersion + 1,
      emailVerifiedAt: null,
    });
    expect(await authenticateDeveloper(db, org.slug, next, TEST_PASSWORD)).toMatchObject({
      uid: dev.id,
      sv: dev.sessionVersion + 1,
    });
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toBeNull();
    const audit = (await auditOf(db, org.id, dev.id)).find(
      (a) => a.action === "developer.email_changed",
    );
    expect(audit?.data).toEqual({ from: dev.email, to: next });
  });

  it("R-PROFILE-EDIT: an email another developer of the organisation uses is a field error; one used in another organisation is fine", async () => {
    const db = getDb();
    const [org, other] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, org.id);
    const taken = await makeDeveloper(db, org.id);
    const elsewhere = await makeDeveloper(db, other.id);

    expect(await changeOwnEmail(db, dev, taken.email.toUpperCase(), TEST_PASSWORD)).toEqual({
      ok: false,
      error: "This email cannot be used. Choose another.",
      field: "email",
    });
    expect(await developerRow(db, dev.id)).toMatchObject({
      email: dev.email,
      sessionVersion: dev.sessionVersion,
    });
    expect(await changeOwnEmail(db, dev, dev.email, TEST_PASSWORD)).toEqual({
      ok: false,
      error: "This is already your email.",
      field: "email",
    });

    expect(await changeOwnEmail(db, dev, elsewhere.email, TEST_PASSWORD)).toEqual({ ok: true });
    expect((await developerRow(db, elsewhere.id))?.email).toBe(elsewhere.email);
  });

  it("R-PROFILE-EDIT: changing the password needs the current one; afterwards only the new one works and other sessions end", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    expect(await changeOwnPassword(db, dev, "wrong-current", "brand-new-password")).toEqual({
      ok: false,
      error: "Your current password is not correct.",
      field: "currentPassword",
    });
    expect(await authenticateDeveloper(db, org.slug, dev.email, "brand-new-password")).toBeNull();

    expect(await changeOwnPassword(db, dev, TEST_PASSWORD, "brand-new-password")).toEqual({
      ok: true,
    });
    expect(
      await authenticateDeveloper(db, org.slug, dev.email, "brand-new-password"),
    ).toMatchObject({ uid: dev.id, sv: dev.sessionVersion + 1 });
    expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toBeNull();
    expect((await auditOf(db, org.id, dev.id)).map((a) => a.action)).toContain(
      "developer.password_changed",
    );
  });

  it("R-PROFILE-EDIT: an invited developer without a password cannot change email or password through the profile", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id, { passwordHash: null });
    expect(await changeOwnPassword(db, dev, "", "brand-new-password")).toMatchObject({
      ok: false,
      field: "currentPassword",
    });
    expect(await changeOwnEmail(db, dev, `x.${randomHex()}@example.test`, "")).toMatchObject({
      ok: false,
      field: "currentPassword",
    });
  });
});
