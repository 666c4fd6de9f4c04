import { isNull } from "drizzle-orm";
import { expect, it } from "vitest";
import { getEmail, listEmails } from "@/db/queries/outbox";
import { emailOutbox } from "@/db/schema";
import { sendEmail } from "@/lib/email/send";
import { env } from "@/lib/env";
import { describeEachDb, makeOrg, randomHex } from "../helpers/db";

describeEachDb("R-MAILBOX: sendEmail keeps every email in the outbox", (getDb) => {
  it("R-MAILBOX: without RESEND_API_KEY the email is stored, with the link in its HTML and its text", async () => {
    expect(env().RESEND_API_KEY).toBeNull();
    const db = getDb();
    const org = await makeOrg(db, { name: "Mail Org" });
    const link = `https://portal.example/${org.slug}/reset?token=${randomHex(12)}`;
    const row = await sendEmail(db, org, "dev@example.test", "passwordReset", {
      orgName: org.name,
      link,
      expiresMinutes: 30,
    });

    expect(row).toMatchObject({
      orgId: org.id,
      to: "dev@example.test",
      template: "passwordReset",
      status: "stored",
      attempts: 0,
    });
    expect(row.providerId).toBeNull();
    expect(row.from).toBe(env().EMAIL_FROM);
    const stored = await getEmail(db, org.id, row.id);
    expect(stored?.subject).toBe("Reset your Mail Org portal password");
    expect(stored?.html).toContain(`href="${link}"`);
    expect(stored?.html).toMatch(/<html/i);
    expect(stored?.text).toContain(link);
    expect(stored?.text).not.toMatch(/<[a-z]+[\s>]/i);
    expect(stored?.text).toContain("30 minutes");
  });

  it("R-MAILBOX: the organisation's own sender address is used when set", async () => {
    const db = getDb();
    const org = await makeOrg(db, { emailFrom: "Acme <dev@acme.example>" });
    const row = await sendEmail(db, org, "dev@example.test", "verifyEmail", {
      orgName: org.name,
      link: "https://x.example/v",
    });
    expect(row.from).toBe("Acme <dev@acme.example>");
  });

  it("R-ORG-ISOLATION: one organisation's mailbox never lists another's emails", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const row = await sendEmail(db, a, "a-dev@example.test", "verifyEmail", {
      orgName: a.name,
      link: "https://x.example/a",
    });
    expect((await listEmails(db, a.id)).rows.map((r) => r.id)).toEqual([row.id]);
    expect(await listEmails(db, b.id)).toEqual({ rows: [], total: 0 });
    expect(await getEmail(db, b.id, row.id)).toBeNull();
  });

  it("R-MAILBOX: an install-level email (no organisation) is stored but in no organisation's mailbox", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const to = `install.${randomHex()}@example.test`;
    const row = await sendEmail(db, null, to, "verifyEmail", {
      orgName: "Gatehouse",
      link: "https://x.example/i",
    });
    expect(row.orgId).toBeNull();
    expect(row.status).toBe("stored");
    const orphans = await db
      .select({ to: emailOutbox.to })
      .from(emailOutbox)
      .where(isNull(emailOutbox.orgId));
    expect(orphans.map((r) => r.to)).toContain(to);
    expect((await listEmails(db, org.id)).total).toBe(0);
  });

  it("R-MAILBOX: the mailbox lists newest first and pages", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const sent: string[] = [];
    for (const n of [1, 2, 3]) {
      const row = await sendEmail(db, org, `n${n}@example.test`, "verifyEmail", {
        orgName: org.name,
        link: `https://x.example/${n}`,
      });
      sent.push(row.id);
    }
    const all = await listEmails(db, org.id);
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.to)).toEqual([
      "n3@example.test",
      "n2@example.test",
      "n1@example.test",
    ]);
    expect(all.rows.map((r) => r.id)).toEqual([...sent].reverse());
    const page2 = await listEmails(db, org.id, { page: 2, pageSize: 2 });
    expect(page2.total).toBe(3);
    expect(page2.rows.map((r) => r.to)).toEqual(["n1@example.test"]);
  });
});
