import { expect, it } from "vitest";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { authenticateDeveloper } from "@/lib/auth/credentials";
import { issueLinkToken } from "@/lib/auth/tokens";
import { addDeveloper } from "@/lib/developers/admin";
import {
  confirmEmailChange,
  pendingEmailChange,
  requestEmailChange,
} from "@/lib/developers/email-change";
import { setPasswordWithLink } from "@/lib/developers/password";
import { changeOwnPassword } from "@/lib/developers/profile";
import { requestPasswordReset } from "@/lib/developers/reset";
import {
  peekSecurityAlert,
  SECURITY_ALERT_TTL_DAYS,
  secureAccount,
} from "@/lib/developers/security-alert";
import { describeEachDb, makeDeveloper, makeOrg, randomHex, TEST_PASSWORD } from "../helpers/db";
import { adminActor, auditOf } from "../helpers/dev-fixtures";
import {
  authTokensOf,
  developerRow,
  emailsTo,
  onlyEmail,
  portalUrlOf,
} from "../helpers/portal-fixtures";

async function linkToken(db: Db, orgId: string, to: string, template: string, route: string) {
  const mails = await emailsTo(db, orgId, to, template);
  const last = mails[mails.length - 1];
  const m = last ? new RegExp(`/${route}/([A-Za-z0-9]+)`).exec(last.text) : null;
  if (!m?.[1]) throw new Error(`no /${route}/ link in a "${template}" email to ${to}`);
  return m[1];
}

/** A developer whose email was changed (by someone who knew the password) to a new address. */
async function hijacked(db: Db) {
  const org = await makeOrg(db);
  const dev = await makeDeveloper(db, org.id);
  const attacker = `attacker.${randomHex()}@example.test`;
  await requestEmailChange(db, org, dev, { email: attacker, currentPassword: TEST_PASSWORD });
  await confirmEmailChange(
    db,
    org,
    await linkToken(db, org.id, attacker, "emailChangeConfirm", "confirm-email"),
  );
  const alert = await linkToken(db, org.id, dev.email, "emailChanged", "security");
  return { org, dev, attacker, alert };
}

// scrypt at OWASP cost, several times per test, on a shared 2-core machine.
const SLOW = { timeout: 60_000 };

describeEachDb("R-SEC-EMAIL-CHANGE: notices and 'This wasn't me'", (getDb) => {
  it(
    "R-SEC-EMAIL-CHANGE: 'This wasn't me' ends every session, stops the password, restores the old email and sends a reset there",
    SLOW,
    async () => {
      const db = getDb();
      const { org, dev, attacker, alert } = await hijacked(db);
      const before = await developerRow(db, dev.id);
      expect(await peekSecurityAlert(db, org, alert)).toEqual({
        address: dev.email,
        reason: "email_changed",
      });
      // The attacker starts another change meanwhile: it is cancelled too.
      await requestEmailChange(
        db,
        org,
        { ...dev, email: attacker },
        { email: `x.${randomHex()}@example.test`, currentPassword: TEST_PASSWORD },
      );

      expect(await secureAccount(db, org, alert)).toMatchObject({
        ok: true,
        value: { address: dev.email, restored: true },
      });
      const after = await developerRow(db, dev.id);
      expect(after).toMatchObject({
        email: dev.email,
        passwordHash: null,
        sessionVersion: (before?.sessionVersion ?? 0) + 1,
      });
      expect(await authenticateDeveloper(db, org.slug, attacker, TEST_PASSWORD)).toBeNull();
      expect(await authenticateDeveloper(db, org.slug, dev.email, TEST_PASSWORD)).toBeNull();
      expect(await pendingEmailChange(db, org.id, dev.id)).toBeNull();

      // Works once.
      expect(await secureAccount(db, org, alert)).toMatchObject({ ok: false });
      expect(await peekSecurityAlert(db, org, alert)).toBeNull();

      // The reset link went to the old address and gives the account back.
      const reset = await linkToken(db, org.id, dev.email, "passwordReset", "reset");
      expect(await emailsTo(db, org.id, attacker, "passwordReset")).toEqual([]);
      expect(
        await setPasswordWithLink(db, org, "password_reset", reset, "taken-back-password"),
      ).toMatchObject({ ok: true });
      expect(
        await authenticateDeveloper(db, org.slug, dev.email, "taken-back-password"),
      ).toMatchObject({ uid: dev.id });

      const secured = (await auditOf(db, org.id, dev.id)).find(
        (a) => a.action === "developer.account_secured",
      );
      expect(secured?.data).toEqual({
        reason: "email_changed",
        restoredEmail: { from: attacker, to: dev.email },
      });
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: the old email is not restored when another developer took it meanwhile; sessions still end and the reset still goes there",
    SLOW,
    async () => {
      const db = getDb();
      const { org, dev, attacker, alert } = await hijacked(db);
      const squatter = await makeDeveloper(db, org.id, { email: dev.email });
      expect(await secureAccount(db, org, alert)).toMatchObject({
        ok: true,
        value: { address: dev.email, restored: false },
      });
      expect(await developerRow(db, dev.id)).toMatchObject({ email: attacker, passwordHash: null });
      expect(await developerRow(db, squatter.id)).toMatchObject({ email: dev.email });
      expect(await emailsTo(db, org.id, dev.email, "passwordReset")).toHaveLength(1);
      const [reset] = await authTokensOf(db, org.id, dev.id, "password_reset");
      expect(reset?.subjectId).toBe(dev.id);
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE, R-ORG-ISOLATION: a 'This wasn't me' link of one organisation does nothing in another",
    SLOW,
    async () => {
      const db = getDb();
      const { dev, alert } = await hijacked(db);
      const other = await makeOrg(db);
      expect(await peekSecurityAlert(db, other, alert)).toBeNull();
      expect(await secureAccount(db, other, alert)).toMatchObject({ ok: false });
      expect((await developerRow(db, dev.id))?.passwordHash).not.toBeNull();
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: a password change tells the account's address, with a 7-day 'This wasn't me' link",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db, { name: "Acme APIs" });
      const dev = await makeDeveloper(db, org.id);
      expect(
        await changeOwnPassword(db, dev, TEST_PASSWORD, "another-long-passphrase"),
      ).toMatchObject({ ok: true });
      const notice = await onlyEmail(db, org.id, dev.email, "passwordChanged");
      expect(notice.subject).toBe("Your Acme APIs portal password was changed");
      const alert = await linkToken(db, org.id, dev.email, "passwordChanged", "security");
      const [row] = await authTokensOf(db, org.id, dev.id, "security_alert");
      expect(row?.data).toEqual({ address: dev.email, reason: "password_changed" });
      const ttl = (row?.expiresAt.getTime() ?? 0) - Date.now();
      expect(Math.abs(ttl - SECURITY_ALERT_TTL_DAYS * 86_400_000)).toBeLessThan(60_000);

      const sv = (await developerRow(db, dev.id))?.sessionVersion ?? 0;
      expect(await secureAccount(db, org, alert)).toMatchObject({
        ok: true,
        value: { address: dev.email, restored: false },
      });
      expect(await developerRow(db, dev.id)).toMatchObject({
        sessionVersion: sv + 1,
        passwordHash: null,
      });
      expect(
        await authenticateDeveloper(db, org.slug, dev.email, "another-long-passphrase"),
      ).toBeNull();
      expect(await emailsTo(db, org.id, dev.email, "passwordReset")).toHaveLength(1);
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: a completed password reset is told too; accepting an invitation is not",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      await requestPasswordReset(db, org, dev.email, portalUrlOf(org));
      const reset = await linkToken(db, org.id, dev.email, "passwordReset", "reset");
      expect(
        await setPasswordWithLink(db, org, "password_reset", reset, "after-reset-password"),
      ).toMatchObject({ ok: true });
      const notice = await onlyEmail(db, org.id, dev.email, "passwordChanged");
      expect(notice.subject).toContain("password was reset");
      expect(notice.text).toMatch(/\/security\/[A-Za-z0-9]+/);

      const actor = await adminActor(db, org.id);
      const email = `invited.${randomHex()}@example.test`;
      const added = await addDeveloper(
        db,
        org,
        {
          email,
          name: "Invited",
          telephone: null,
          country: null,
          customFields: {},
          access: "invite",
          password: null,
        },
        actor,
        "https://portal.example.test",
      );
      if (!added.ok) throw new Error(added.message);
      const invite = await linkToken(db, org.id, email, "invitation", "invite");
      expect(
        await setPasswordWithLink(db, org, "invitation", invite, "first-password-1"),
      ).toMatchObject({ ok: true });
      expect(await emailsTo(db, org.id, email, "passwordChanged")).toEqual([]);
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: a later change does not void an earlier 'This wasn't me' link",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      await changeOwnPassword(db, dev, TEST_PASSWORD, "second-password-22");
      const first = await linkToken(db, org.id, dev.email, "passwordChanged", "security");
      const fresh = await developerRow(db, dev.id);
      if (!fresh) throw new Error("developer vanished");
      await changeOwnPassword(db, fresh, "second-password-22", "third-password-333");
      expect(await emailsTo(db, org.id, dev.email, "passwordChanged")).toHaveLength(2);
      expect(await peekSecurityAlert(db, org, first)).not.toBeNull();
      // A token of another kind is no security link.
      const other = await issueLinkToken(db, org.id, "password_reset", dev.id, 600);
      expect(await peekSecurityAlert(db, org, other)).toBeNull();
      expect(await secureAccount(db, org, other)).toMatchObject({ ok: false });
      const rows: s.AuthToken[] = await authTokensOf(db, org.id, dev.id, "security_alert");
      expect(rows.filter((r) => r.usedAt === null)).toHaveLength(2);
    },
  );
});
