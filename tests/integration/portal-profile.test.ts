import { expect, it } from "vitest";
import { authenticateDeveloper } from "@/lib/auth/credentials";
import { requestEmailChange } from "@/lib/developers/email-change";
import type { FieldDefinition } from "@/db/schema";
import { changeOwnPassword, updateOwnProfile } from "@/lib/developers/profile";
import { ownProfileSchema } from "@/lib/validation/developers";
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

    expect(
      await updateOwnProfile(db, dev, [], {
        name: "New Name",
        telephone: null,
        country: "DE",
        customFields: {},
      }),
    ).toMatchObject({ ok: true });
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

  it("R-PROFILE-EDIT: a developer edits their own signup fields; answers to fields the organisation no longer asks are kept", async () => {
    const db = getDb();
    const fields: FieldDefinition[] = [
      { key: "company", label: "Company", type: "text", required: false },
      { key: "use_case", label: "Use case", type: "select", required: false, options: ["A", "B"] },
      { key: "news", label: "Newsletter", type: "checkbox", required: false },
    ];
    const org = await makeOrg(db, { signupFields: fields });
    const dev = await makeDeveloper(db, org.id, {
      customFields: { company: "Initech", use_case: "A", news: true, legacy: "kept" },
    });
    const input = ownProfileSchema(fields).parse({
      org: org.slug,
      name: dev.name,
      cf_company: "Globex",
      cf_use_case: "B",
    });
    expect(await updateOwnProfile(db, dev, fields, input)).toMatchObject({ ok: true });
    expect((await developerRow(db, dev.id))?.customFields).toEqual({
      company: "Globex",
      use_case: "B",
      news: false,
      legacy: "kept",
    });
    // A required field left empty is refused by the form's schema with a field-level message.
    const strict = ownProfileSchema([
      { key: "company", label: "Company", type: "text", required: true },
    ]).safeParse({
      org: org.slug,
      name: dev.name,
      cf_company: "",
    });
    expect(strict.success ? null : strict.error.issues.map((i) => [i.path, i.message])).toEqual([
      [["cf_company"], "Company is required."],
    ]);
  });

  // Email changes (confirmed from the new inbox): tests/integration/email-change.test.ts.

  it("R-PROFILE-EDIT: changing the password needs the current one; afterwards only the new one works and other sessions end", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    expect(await changeOwnPassword(db, dev, "wrong-current", "brand-new-password")).toMatchObject({
      ok: false,
      message: "Your current password is not correct.",
      fieldErrors: { currentPassword: ["Your current password is not correct."] },
    });
    expect(await authenticateDeveloper(db, org.slug, dev.email, "brand-new-password")).toBeNull();

    expect(await changeOwnPassword(db, dev, TEST_PASSWORD, "brand-new-password")).toMatchObject({
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
      fieldErrors: { currentPassword: [expect.any(String)] },
    });
    expect(
      await requestEmailChange(db, org, dev, {
        email: `x.${randomHex()}@example.test`,
        currentPassword: "",
      }),
    ).toMatchObject({ ok: false, fieldErrors: { currentPassword: [expect.any(String)] } });
  });
});
