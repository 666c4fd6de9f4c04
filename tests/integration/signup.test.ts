import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getDeveloper } from "@/db/queries/developers";
import { getEmail, listEmails } from "@/db/queries/outbox";
import { auditLog, developers } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { signUpDeveloper } from "@/lib/developers/signup";
import { describeEachDb, makeOrg, randomHex } from "../helpers/db";
import { expectFailsWhileRefusing } from "../helpers/db-fault";

describeEachDb("R-PORTAL-SIGNUP: developer signup (signUpDeveloper)", (getDb) => {
  it("R-PORTAL-SIGNUP: creates a developer with a lower-cased email, a hashed password and the custom fields", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const email = `New.Dev.${randomHex()}@Example.TEST`;
    const result = await signUpDeveloper(
      db,
      org,
      {
        email,
        password: "first-password",
        name: "New Dev",
        customFields: { company: "Globex", terms: true },
      },
      `https://portal.example/${org.slug}`,
    );
    expect(result.created).toBe(true);
    if (!result.developerId) throw new Error("no developer id");
    const dev = await getDeveloper(db, org.id, result.developerId);
    expect(dev).toMatchObject({
      email: email.toLowerCase(),
      name: "New Dev",
      status: "active",
      orgId: org.id,
    });
    expect(dev?.customFields).toEqual({ company: "Globex", terms: true });
    expect(await verifyPassword("first-password", dev?.passwordHash ?? "")).toBe(true);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.targetId, result.developerId)));
    expect(audit.map((a) => a.action)).toEqual(["developer.signed_up"]);
  });

  it("R-MAILBOX: a new account gets a welcome email in the organisation's outbox", async () => {
    const db = getDb();
    const org = await makeOrg(db, { name: "Welcome Org" });
    const email = `welcome.${randomHex()}@example.test`;
    const portal = `https://portal.example/${org.slug}`;
    await signUpDeveloper(
      db,
      org,
      { email, password: "first-password", name: "Wendy", customFields: {} },
      portal,
    );

    const { rows, total } = await listEmails(db, org.id);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ to: email, template: "welcome", status: "stored" });
    const mail = await getEmail(db, org.id, rows[0]?.id ?? "");
    expect(mail?.subject).toContain("Welcome Org");
    expect(mail?.html).toContain(`${portal}/login`);
    expect(mail?.text).toContain(`${portal}/login`);
    expect(mail?.html).not.toContain("first-password");
  });

  it("R-MAILBOX: signing up again with a taken email changes nothing and sends a notice instead", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const email = `taken.${randomHex()}@example.test`;
    const portal = `https://portal.example/${org.slug}`;
    const first = await signUpDeveloper(
      db,
      org,
      { email, password: "first-password", name: "First", customFields: {} },
      portal,
    );
    if (!first.developerId) throw new Error("first signup failed");
    const before = await getDeveloper(db, org.id, first.developerId);

    const second = await signUpDeveloper(
      db,
      org,
      {
        email: email.toUpperCase(),
        password: "attacker-password",
        name: "Second",
        customFields: {},
      },
      portal,
    );
    expect(second).toEqual({ created: false, developerId: null });

    const after = await getDeveloper(db, org.id, first.developerId);
    expect(after?.passwordHash).toBe(before?.passwordHash);
    expect(after?.name).toBe("First");
    expect(await verifyPassword("attacker-password", after?.passwordHash ?? "")).toBe(false);

    const { rows, total } = await listEmails(db, org.id);
    expect(total).toBe(2);
    expect(rows.map((r) => r.template)).toEqual(["signupExisting", "welcome"]);
    expect(rows[0]?.to.toLowerCase()).toBe(email);
    const notice = await getEmail(db, org.id, rows[0]?.id ?? "");
    expect(notice?.text).toContain(`${portal}/login`);
    expect(notice?.text).toContain(`${portal}/reset`);
    const audits = await db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audits).toHaveLength(1);
  });

  it("R-ORG-ISOLATION: signing up at a second organisation with the same email creates a separate account", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const email = `both.${randomHex()}@example.test`;
    const inA = await signUpDeveloper(
      db,
      a,
      { email, password: "password-a", name: "A", customFields: {} },
      "https://p/a",
    );
    const inB = await signUpDeveloper(
      db,
      b,
      { email, password: "password-b", name: "B", customFields: {} },
      "https://p/b",
    );
    expect(inA.created).toBe(true);
    expect(inB.created).toBe(true);
    expect(inB.developerId).not.toBe(inA.developerId);
    expect((await listEmails(db, a.id)).rows.map((r) => r.template)).toEqual(["welcome"]);
    expect((await listEmails(db, b.id)).rows.map((r) => r.template)).toEqual(["welcome"]);
  });

  it("R-PORTAL-SIGNUP: the account, its audit row and its event commit together: when the audit write fails, no account exists and no email was sent", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const email = `atomic.${randomHex()}@example.test`;
    await expectFailsWhileRefusing(
      db,
      { table: "audit_log", op: "INSERT", column: "org_id", value: org.id },
      () =>
        signUpDeveloper(
          db,
          org,
          { email, password: "first-password", name: "Atomic", customFields: {} },
          `https://portal.example/${org.slug}`,
        ),
    );
    expect(
      await db
        .select()
        .from(developers)
        .where(and(eq(developers.orgId, org.id), eq(developers.email, email))),
    ).toEqual([]);
    expect((await listEmails(db, org.id)).total).toBe(0);
  });
});
