import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { authenticateDeveloper } from "@/lib/auth/credentials";
import { sha256Hex } from "@/lib/crypto";
import {
  cancelEmailChange,
  confirmEmailChange,
  EMAIL_CHANGE_TTL_HOURS,
  peekEmailChange,
  pendingEmailChange,
  requestEmailChange,
  resendEmailChange,
} from "@/lib/developers/email-change";
import { appUrl } from "@/lib/url";
import { describeEachDb, makeDeveloper, makeOrg, randomHex, TEST_PASSWORD } from "../helpers/db";
import { auditOf } from "../helpers/dev-fixtures";
import { authTokensOf, developerRow, emailsTo, onlyEmail } from "../helpers/portal-fixtures";

/** The token of the newest `<route>/<token>` link in the emails of a template to an address. */
async function linkToken(db: Db, orgId: string, to: string, template: string, route: string) {
  const mails = await emailsTo(db, orgId, to, template);
  const last = mails[mails.length - 1];
  const m = last ? new RegExp(`/${route}/([A-Za-z0-9]+)`).exec(last.text) : null;
  if (!m?.[1]) throw new Error(`no /${route}/ link in a "${template}" email to ${to}`);
  return m[1];
}

const newAddress = () => `New.${randomHex()}@Example.TEST`;

// scrypt at OWASP cost, several times per test, on a shared 2-core machine.
const SLOW = { timeout: 60_000 };

describeEachDb("R-SEC-EMAIL-CHANGE: email changes confirmed from the new inbox", (getDb) => {
  it(
    "R-SEC-EMAIL-CHANGE: asking needs the current password; a wrong one sends nothing and issues no link",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      const to = newAddress();
      expect(
        await requestEmailChange(db, org, dev, { email: to, currentPassword: "not-mine" }),
      ).toMatchObject({
        ok: false,
        message: "Your current password is not correct.",
        fieldErrors: { currentPassword: ["Your current password is not correct."] },
      });
      expect(
        await requestEmailChange(db, org, dev, {
          email: dev.email,
          currentPassword: TEST_PASSWORD,
        }),
      ).toMatchObject({
        ok: false,
        message: "This is already your email.",
        fieldErrors: { email: ["This is already your email."] },
      });
      expect(await emailsTo(db, org.id, to)).toEqual([]);
      expect(await authTokensOf(db, org.id, dev.id, "email_change")).toEqual([]);
      const invited = await makeDeveloper(db, org.id, { passwordHash: null });
      expect(
        await requestEmailChange(db, org, invited, { email: to, currentPassword: "" }),
      ).toMatchObject({ ok: false, fieldErrors: { currentPassword: [expect.any(String)] } });
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: asking changes nothing yet: the login stays, a 24 h single-use link goes to the new address only",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db, { name: "Acme APIs" });
      const dev = await makeDeveloper(db, org.id);
      const to = newAddress();
      expect(
        await requestEmailChange(db, org, dev, { email: to, currentPassword: TEST_PASSWORD }),
      ).toMatchObject({ ok: true, value: { newEmail: to.toLowerCase() } });

      expect(await developerRow(db, dev.id)).toMatchObject({
        email: dev.email,
        sessionVersion: dev.sessionVersion,
      });
      expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toMatchObject({
        uid: dev.id,
      });
      expect(await authenticateDeveloper(db, org.slug, to, TEST_PASSWORD)).toBeNull();

      const mail = await onlyEmail(db, org.id, to, "emailChangeConfirm");
      expect(mail.subject).toBe("Confirm your new email for Acme APIs");
      const token = await linkToken(db, org.id, to, "emailChangeConfirm", "confirm-email");
      expect(mail.text).toContain(`${appUrl()}/${org.slug}/confirm-email/${token}`);
      expect(await emailsTo(db, org.id, dev.email)).toEqual([]);

      const [row, ...more] = await authTokensOf(db, org.id, dev.id, "email_change");
      expect(more).toEqual([]);
      expect(row).toMatchObject({
        tokenHash: sha256Hex(token),
        data: { newEmail: to.toLowerCase() },
        usedAt: null,
      });
      const ttl = (row?.expiresAt.getTime() ?? 0) - Date.now();
      expect(Math.abs(ttl - EMAIL_CHANGE_TTL_HOURS * 3_600_000)).toBeLessThan(60_000);
      expect(await pendingEmailChange(db, org.id, dev.id)).toMatchObject({
        newEmail: to.toLowerCase(),
      });
      expect(await peekEmailChange(db, org, token)).toEqual({ newEmail: to.toLowerCase() });
      expect((await auditOf(db, org.id, dev.id)).map((a) => [a.action, a.data])).toEqual([
        ["developer.email_change_requested", { to: to.toLowerCase() }],
      ]);
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: confirming changes the login, ends every session, works once, and tells the old address with a 'This wasn't me' link",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id, { emailVerifiedAt: null });
      const to = newAddress();
      await requestEmailChange(db, org, dev, { email: to, currentPassword: TEST_PASSWORD });
      const token = await linkToken(db, org.id, to, "emailChangeConfirm", "confirm-email");

      expect(await confirmEmailChange(db, org, token)).toMatchObject({
        ok: true,
        value: { newEmail: to.toLowerCase() },
      });
      const after = await developerRow(db, dev.id);
      expect(after).toMatchObject({
        email: to.toLowerCase(),
        sessionVersion: dev.sessionVersion + 1,
      });
      expect(after?.emailVerifiedAt).toBeInstanceOf(Date);
      expect(await authenticateDeveloper(db, org.slug, to, TEST_PASSWORD)).toMatchObject({
        uid: dev.id,
        sv: dev.sessionVersion + 1,
      });
      expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toBeNull();

      // Single use.
      expect(await confirmEmailChange(db, org, token)).toMatchObject({
        ok: false,
        reason: "not_found",
      });
      expect(await peekEmailChange(db, org, token)).toBeNull();
      expect(await pendingEmailChange(db, org.id, dev.id)).toBeNull();

      const notice = await onlyEmail(db, org.id, dev.email, "emailChanged");
      expect(notice.text).toContain(to.toLowerCase());
      expect(notice.text).toContain("This wasn't me");
      const alert = await linkToken(db, org.id, dev.email, "emailChanged", "security");
      const [alertRow] = await authTokensOf(db, org.id, dev.id, "security_alert");
      expect(alertRow).toMatchObject({
        tokenHash: sha256Hex(alert),
        data: { address: dev.email, reason: "email_changed" },
        usedAt: null,
      });
      const audit = (await auditOf(db, org.id, dev.id)).find(
        (a) => a.action === "developer.email_changed",
      );
      expect(audit?.data).toEqual({ from: dev.email, to: to.toLowerCase() });
    },
  );

  it("R-SEC-EMAIL-CHANGE: an expired link is refused and changes nothing", SLOW, async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const to = newAddress();
    await requestEmailChange(db, org, dev, { email: to, currentPassword: TEST_PASSWORD });
    const token = await linkToken(db, org.id, to, "emailChangeConfirm", "confirm-email");
    await db
      .update(s.authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(s.authTokens.orgId, org.id), eq(s.authTokens.tokenHash, sha256Hex(token))));
    expect(await peekEmailChange(db, org, token)).toBeNull();
    expect(await confirmEmailChange(db, org, token)).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(await developerRow(db, dev.id)).toMatchObject({
      email: dev.email,
      sessionVersion: dev.sessionVersion,
    });
    expect(await emailsTo(db, org.id, dev.email)).toEqual([]);
  });

  it(
    "R-SEC-EMAIL-CHANGE: asking for an address that has an account answers the same; confirming says it is taken and changes nothing",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      const other = await makeDeveloper(db, org.id);
      expect(
        await requestEmailChange(db, org, dev, {
          email: other.email.toUpperCase(),
          currentPassword: TEST_PASSWORD,
        }),
      ).toMatchObject({ ok: true, value: { newEmail: other.email } });
      const token = await linkToken(db, org.id, other.email, "emailChangeConfirm", "confirm-email");
      expect(await confirmEmailChange(db, org, token)).toMatchObject({
        ok: false,
        reason: "conflict",
      });
      expect(await developerRow(db, dev.id)).toMatchObject({
        email: dev.email,
        sessionVersion: dev.sessionVersion,
      });
      expect(await developerRow(db, other.id)).toMatchObject({ email: other.email });
      expect(await emailsTo(db, org.id, dev.email)).toEqual([]);
      // Rolled back: the link is not spent, nothing was audited as changed.
      expect(await peekEmailChange(db, org, token)).not.toBeNull();
      expect((await auditOf(db, org.id, dev.id)).map((a) => a.action)).not.toContain(
        "developer.email_changed",
      );

      // An address used only in another organisation is free here.
      const elsewhere = await makeDeveloper(db, (await makeOrg(db)).id);
      await requestEmailChange(db, org, dev, {
        email: elsewhere.email,
        currentPassword: TEST_PASSWORD,
      });
      const t2 = await linkToken(
        db,
        org.id,
        elsewhere.email,
        "emailChangeConfirm",
        "confirm-email",
      );
      expect(await confirmEmailChange(db, org, t2)).toMatchObject({
        ok: true,
        value: { newEmail: elsewhere.email },
      });
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE, R-ORG-ISOLATION: a link of one organisation does nothing in another",
    SLOW,
    async () => {
      const db = getDb();
      const [a, b] = [await makeOrg(db), await makeOrg(db)];
      const dev = await makeDeveloper(db, a.id);
      const to = newAddress();
      await requestEmailChange(db, a, dev, { email: to, currentPassword: TEST_PASSWORD });
      const token = await linkToken(db, a.id, to, "emailChangeConfirm", "confirm-email");
      expect(await peekEmailChange(db, b, token)).toBeNull();
      expect(await confirmEmailChange(db, b, token)).toMatchObject({
        ok: false,
        reason: "not_found",
      });
      expect(await developerRow(db, dev.id)).toMatchObject({ email: dev.email });
      expect(await peekEmailChange(db, a, token)).not.toBeNull();
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: resend issues a new link (the old one stops working); a newer request replaces the pending one; cancel ends it",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      const first = newAddress();
      await requestEmailChange(db, org, dev, { email: first, currentPassword: TEST_PASSWORD });
      const t1 = await linkToken(db, org.id, first, "emailChangeConfirm", "confirm-email");
      expect(await resendEmailChange(db, org, dev)).toMatchObject({
        ok: true,
        value: { newEmail: first.toLowerCase() },
      });
      const t2 = await linkToken(db, org.id, first, "emailChangeConfirm", "confirm-email");
      expect(t2).not.toBe(t1);
      expect(await peekEmailChange(db, org, t1)).toBeNull();
      expect(await peekEmailChange(db, org, t2)).not.toBeNull();

      const second = newAddress();
      await requestEmailChange(db, org, dev, { email: second, currentPassword: TEST_PASSWORD });
      const t3 = await linkToken(db, org.id, second, "emailChangeConfirm", "confirm-email");
      expect(await peekEmailChange(db, org, t2)).toBeNull();
      expect(await pendingEmailChange(db, org.id, dev.id)).toMatchObject({
        newEmail: second.toLowerCase(),
      });

      expect(await cancelEmailChange(db, org, dev)).toBe(true);
      expect(await pendingEmailChange(db, org.id, dev.id)).toBeNull();
      expect(await confirmEmailChange(db, org, t3)).toMatchObject({
        ok: false,
        reason: "not_found",
      });
      expect(await cancelEmailChange(db, org, dev)).toBe(false);
      expect(await resendEmailChange(db, org, dev)).toMatchObject({ ok: false });
      expect(await developerRow(db, dev.id)).toMatchObject({ email: dev.email });
      const actions = (await auditOf(db, org.id, dev.id)).map((a) => a.action);
      expect(actions).toEqual([
        "developer.email_change_requested",
        "developer.email_change_resent",
        "developer.email_change_requested",
        "developer.email_change_cancelled",
      ]);
    },
  );
});
