import { expect, it } from "vitest";
import type { Db } from "@/db";
import { updateEmailDelivery } from "@/db/queries/outbox";
import type { EmailOutboxRow, Organisation } from "@/db/schema";
import { issueLinkToken } from "@/lib/auth/tokens";
import { addDeveloper } from "@/lib/developers/admin";
import { confirmEmailChange, requestEmailChange } from "@/lib/developers/email-change";
import { requestPasswordReset } from "@/lib/developers/reset";
import { sendVerificationEmail } from "@/lib/developers/verify";
import { mailboxEmail, mailboxPage } from "@/lib/email/mailbox";
import { REDACTED } from "@/lib/email/redact";
import { sendEmail } from "@/lib/email/send";
import { generateKey } from "@/lib/keys/format";
import { describeEachDb, makeDeveloper, makeOrg, randomHex, TEST_PASSWORD } from "../helpers/db";
import { adminActor } from "../helpers/dev-fixtures";
import { emailsOf, portalUrlOf } from "../helpers/portal-fixtures";

type Secret = { mail: EmailOutboxRow; secret: string };

/** The secret at the end of `/<route>/<token>` in an email's text. */
function secretAfter(mail: EmailOutboxRow, route: string): Secret {
  const m = new RegExp(`/${route}/([A-Za-z0-9]+)`).exec(mail.text);
  if (!m?.[1]) throw new Error(`no /${route}/ link in ${mail.template}`);
  return { mail, secret: m[1] };
}

/**
 * Every kind of email that carries a secret, sent through the product's own flows: reset,
 * invitation, verification, email change and its "This wasn't me" notice, Generate key, and a
 * key sent in clear (an organisation that emails keys).
 */
async function mailWithSecrets(db: Db, org: Organisation): Promise<Secret[]> {
  const dev = await makeDeveloper(db, org.id);
  await requestPasswordReset(db, org, dev.email, portalUrlOf(org));
  await sendVerificationEmail(db, org, dev, portalUrlOf(org));
  const invited = `invited.${randomHex()}@example.test`;
  await addDeveloper(
    db,
    org,
    {
      email: invited,
      name: "Invited",
      telephone: null,
      country: null,
      customFields: {},
      access: "invite",
      password: null,
    },
    await adminActor(db, org.id),
    "https://portal.example.test",
  );
  const to = `new.${randomHex()}@example.test`;
  await requestEmailChange(db, org, dev, { email: to, currentPassword: TEST_PASSWORD });
  const generate = await issueLinkToken(db, org.id, "key_generation", dev.id, 600);
  await sendEmail(db, org, dev.email, "keyGenerate", {
    orgName: org.name,
    entryName: "Weather",
    link: `${portalUrlOf(org)}/keys/generate/${generate}`,
    expiresDays: 7,
  });
  const key = generateKey().key;
  await sendEmail(db, org, dev.email, "keyApproved", {
    orgName: org.name,
    entryName: "Weather",
    key,
    portalUrl: portalUrlOf(org),
  });
  const mails = await emailsOf(db, org.id);
  const one = (template: string) => {
    const found = mails.find((m) => m.template === template);
    if (!found) throw new Error(`no ${template} email`);
    return found;
  };
  const confirm = secretAfter(one("emailChangeConfirm"), "confirm-email");
  await confirmEmailChange(db, org, confirm.secret);
  const notice = (await emailsOf(db, org.id)).find((m) => m.template === "emailChanged");
  if (!notice) throw new Error("no emailChanged notice");
  return [
    secretAfter(one("passwordReset"), "reset"),
    secretAfter(one("verifyEmail"), "verify"),
    secretAfter(one("invitation"), "invite"),
    confirm,
    secretAfter(notice, "security"),
    secretAfter(one("keyGenerate"), "keys/generate"),
    { mail: one("keyApproved"), secret: key },
  ];
}

function everything(view: { subject: string; html: string; text: string }): string {
  return [view.subject, view.html, view.text].join("\n");
}

describeEachDb("R-SEC-SECRETS-VIEW: the Mailbox redacts link tokens and keys", (getDb) => {
  it(
    "R-SEC-SECRETS-VIEW: a viewer never sees a link token or key, in the HTML or the text, whatever the delivery state",
    { timeout: 90_000 },
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const secrets = await mailWithSecrets(db, org);
      expect(secrets).toHaveLength(7);
      for (const { mail, secret } of secrets) {
        expect(everything(mail), `${mail.template} holds its secret`).toContain(secret);
        for (const status of ["stored", "queued", "sent", "failed"] as const) {
          await updateEmailDelivery(db, org.id, mail.id, {
            status,
            providerId: null,
            error: null,
            attempts: 0,
            nextAttemptAt: null,
            sentAt: null,
          });
          const view = await mailboxEmail(db, org.id, "viewer", mail.id);
          if (!view) throw new Error("email not found");
          expect(everything(view), `${mail.template} (${status})`).not.toContain(secret);
          expect(view.html).toContain(REDACTED);
          expect(view.text).toContain(REDACTED);
          expect(view).toMatchObject({ hasSecrets: true, secretsShown: false });
        }
      }
    },
  );

  it(
    "R-SEC-SECRETS-VIEW: owners and admins see secrets only while a message is undelivered in local mode; once sent, nobody does",
    { timeout: 90_000 },
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const secrets = await mailWithSecrets(db, org);
      for (const { mail, secret } of secrets) {
        expect(mail.status).toBe("stored");
        for (const role of ["owner", "admin"] as const) {
          const view = await mailboxEmail(db, org.id, role, mail.id);
          expect(view?.html, `${mail.template} as ${role}`).toContain(secret);
          expect(view?.text).toContain(secret);
          expect(view).toMatchObject({ hasSecrets: true, secretsShown: true });
        }
        await updateEmailDelivery(db, org.id, mail.id, {
          status: "sent",
          providerId: `re_${randomHex()}`,
          error: null,
          attempts: 1,
          nextAttemptAt: null,
          sentAt: new Date(),
        });
        for (const role of ["owner", "admin", "viewer"] as const) {
          const view = await mailboxEmail(db, org.id, role, mail.id);
          if (!view) throw new Error("email not found");
          expect(everything(view), `${mail.template} sent, as ${role}`).not.toContain(secret);
          expect(view.secretsShown).toBe(false);
        }
      }
    },
  );

  it("R-SEC-SECRETS-VIEW, R-ORG-ISOLATION: the list redacts subjects for viewers; another organisation sees nothing", async () => {
    const db = getDb();
    const [org, other] = [await makeOrg(db), await makeOrg(db)];
    const key = generateKey().key;
    const row = await sendEmail(db, org, "dev@example.test", "keyApproved", {
      orgName: org.name,
      entryName: key, // a secret in the subject line
      key,
      portalUrl: portalUrlOf(org),
    });
    const asViewer = await mailboxPage(db, org.id, "viewer", { page: 1, pageSize: 10 });
    expect(asViewer.total).toBe(1);
    expect(asViewer.rows[0]?.subject).toBe(`Your key for ${REDACTED}`);
    const asOwner = await mailboxPage(db, org.id, "owner", { page: 1, pageSize: 10 });
    expect(asOwner.rows[0]?.subject).toBe(`Your key for ${key}`);
    expect(await mailboxEmail(db, other.id, "owner", row.id)).toBeNull();
    expect(await mailboxPage(db, other.id, "owner", { page: 1, pageSize: 10 })).toEqual({
      rows: [],
      total: 0,
    });
  });
});
