import { expect, it } from "vitest";
import { getAdmin } from "@/db/queries/admins";
import { setAdminPasswordHash } from "@/db/queries/password-hashes";
import { getDeveloper } from "@/db/queries/developers";
import { authenticateAdmin, authenticateDeveloper } from "@/lib/auth/credentials";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg } from "../helpers/db";

const PASSWORD = "rehash-me-later-7";
const OLD_PARAMS = { N: 1 << 15, r: 8, p: 1 };

describeEachDb("R-SEC-PASSWORDS: rehash on login when the parameters rise", (getDb) => {
  it("R-SEC-PASSWORDS: a developer's N=2^15 hash is replaced by an N=2^17 one at the next successful login", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id, {
      passwordHash: await hashPassword(PASSWORD, OLD_PARAMS),
    });
    // A wrong password changes nothing.
    expect(await authenticateDeveloper(db, org.slug, dev.email, "not-the-password")).toBeNull();
    expect((await getDeveloper(db, org.id, dev.id))?.passwordHash).toBe(dev.passwordHash);

    const claims = await authenticateDeveloper(db, org.slug, dev.email, PASSWORD);
    expect(claims?.uid).toBe(dev.id);
    const after = await getDeveloper(db, org.id, dev.id);
    const stored = after?.passwordHash ?? "";
    expect(stored.split("$").slice(0, 4)).toEqual(["scrypt", "131072", "8", "1"]);
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    // The rehash is not a password change: the session version (other sessions) stays.
    expect(after?.sessionVersion).toBe(dev.sessionVersion);
    // And the new hash keeps working.
    expect((await authenticateDeveloper(db, org.slug, dev.email, PASSWORD))?.uid).toBe(dev.id);
  });

  it("R-SEC-PASSWORDS: an admin's weaker hash is upgraded the same way; a current one is left alone", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id, { password: PASSWORD });
    const current = (await getAdmin(db, org.id, admin.id))?.passwordHash;
    expect(await authenticateAdmin(db, admin.email, PASSWORD)).not.toBeNull();
    expect((await getAdmin(db, org.id, admin.id))?.passwordHash).toBe(current);

    const weak = await makeAdmin(db, org.id);
    await setAdminPasswordHash(db, org.id, weak.id, await hashPassword(PASSWORD, OLD_PARAMS));
    expect(await authenticateAdmin(db, weak.email, PASSWORD)).not.toBeNull();
    const upgraded = (await getAdmin(db, org.id, weak.id))?.passwordHash ?? "";
    expect(upgraded.split("$")[1]).toBe("131072");
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);
  });
});
