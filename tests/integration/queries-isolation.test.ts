import { expect, it } from "vitest";
import { getAdmin, touchAdminLogin } from "@/db/queries/admins";
import {
  findDeveloperByEmail,
  getDeveloper,
  insertDeveloper,
  touchDeveloperLogin,
} from "@/db/queries/developers";
import { getEmail, insertEmail, updateEmailDelivery } from "@/db/queries/outbox";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg } from "../helpers/db";

describeEachDb("R-ORG-ISOLATION: query functions are scoped by organisation", (getDb) => {
  it("R-ORG-ISOLATION: getDeveloper with another organisation's id returns null", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, a.id);
    expect((await getDeveloper(db, a.id, dev.id))?.email).toBe(dev.email);
    expect(await getDeveloper(db, b.id, dev.id)).toBeNull();
    expect(await findDeveloperByEmail(db, a.id, dev.email.toUpperCase())).not.toBeNull();
    expect(await findDeveloperByEmail(db, b.id, dev.email)).toBeNull();
  });

  it("R-ORG-ISOLATION: getAdmin with another organisation's id returns null", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const admin = await makeAdmin(db, a.id);
    expect((await getAdmin(db, a.id, admin.id))?.email).toBe(admin.email);
    expect(await getAdmin(db, b.id, admin.id)).toBeNull();
  });

  it("R-ORG-ISOLATION: getEmail with another organisation's id returns null", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const mail = await insertEmail(db, a.id, {
      to: "x@example.test",
      from: "Gatehouse <no-reply@gatehouse.local>",
      subject: "Hi",
      html: "<p>Hi</p>",
      text: "Hi",
      template: "welcome",
      status: "stored",
    });
    expect((await getEmail(db, a.id, mail.id))?.subject).toBe("Hi");
    expect(await getEmail(db, b.id, mail.id)).toBeNull();
  });

  it("R-ORG-ISOLATION: updates with another organisation's id change nothing", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, a.id);
    const admin = await makeAdmin(db, a.id);
    const mail = await insertEmail(db, a.id, {
      to: "x@example.test",
      from: "f@example.test",
      subject: "S",
      html: "h",
      text: "t",
      template: "welcome",
      status: "queued",
    });

    await touchDeveloperLogin(db, b.id, dev.id);
    await touchAdminLogin(db, b.id, admin.id);
    await updateEmailDelivery(db, b.id, mail.id, { status: "sent", attempts: 1 });
    expect((await getDeveloper(db, a.id, dev.id))?.lastLoginAt).toBeNull();
    expect((await getAdmin(db, a.id, admin.id))?.lastLoginAt).toBeNull();
    expect((await getEmail(db, a.id, mail.id))?.status).toBe("queued");

    // The same calls with the right organisation do change the rows.
    await touchDeveloperLogin(db, a.id, dev.id);
    await touchAdminLogin(db, a.id, admin.id);
    await updateEmailDelivery(db, a.id, mail.id, { status: "sent", attempts: 1 });
    expect((await getDeveloper(db, a.id, dev.id))?.lastLoginAt).toBeInstanceOf(Date);
    expect((await getAdmin(db, a.id, admin.id))?.lastLoginAt).toBeInstanceOf(Date);
    expect((await getEmail(db, a.id, mail.id))?.status).toBe("sent");
  });

  it("R-ORG-ISOLATION: the same email is one account per organisation; a second insert in the same one is refused", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const inA = await makeDeveloper(db, a.id, { email: "Same.Person@Example.test" });
    const inB = await makeDeveloper(db, b.id, { email: "same.person@example.test" });
    expect(inA.email).toBe("same.person@example.test");
    expect(inB.id).not.toBe(inA.id);
    expect(inB.orgId).toBe(b.id);
    const again = await insertDeveloper(db, a.id, {
      email: "SAME.person@example.test",
      name: "Dup",
    });
    expect(again).toBeNull();
  });
});
