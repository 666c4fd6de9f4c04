import { expect, it } from "vitest";
import { getAdmin } from "@/db/queries/admins";
import { setAdminPasswordHash } from "@/db/queries/password-hashes";
import { getDeveloper } from "@/db/queries/developers";
import { authenticateAdmin, authenticateDeveloper } from "@/lib/auth/credentials";
import { currentHashParams, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg } from "../helpers/db";

const PASSWORD = "rehash-me-later-7";
// The suite hashes at a lowered cost (PASSWORD_HASH_LOG2N in tests/helpers/setup-env.ts); the
// rule under test is the same at any cost: weaker than today's parameters → rehashed at login.
const NOW = currentHashParams();
const OLD_PARAMS = { N: NOW.N / 4, r: 8, p: 1 };

describeEachDb("R-SEC-PASSWORDS: rehash on login when the parameters rise", (getDb) => {
  it("R-SEC-PASSWORDS: a developer's hash made at a quarter of today's N is replaced by a current one at the next successful login", async () => {
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
    expect(stored.split("$").slice(0, 4)).toEqual(["scrypt", String(NOW.N), "8", "1"]);
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
    expect(upgraded.split("$")[1]).toBe(String(NOW.N));
    expect(await verifyPassword(PASSWORD, upgraded)).toBe(true);
  });
});
