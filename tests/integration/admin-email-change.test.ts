import { expect, it } from "vitest";
import type { Db } from "@/db";
import { findAdminByEmail, getAdmin } from "@/db/queries/admins";
import type { AdminUser } from "@/db/schema";
import {
  cancelAdminEmailChange,
  confirmAdminEmailChange,
  peekAdminEmailChange,
  pendingAdminEmailChange,
  requestAdminEmailChange,
  resendAdminEmailChange,
} from "@/lib/admins/email-change";
import { beginAdminLogin } from "@/lib/admins/login";
import { changeOwnAdminPassword } from "@/lib/admins/own-account";
import { resetAdminPassword } from "@/lib/admins/reset";
import { peekAdminSecurityAlert, secureAdminAccount } from "@/lib/admins/security-alert";
import { issueLinkToken } from "@/lib/auth/tokens";
import { listActiveSessions, startSession } from "@/lib/sessions/sessions";
import { appUrl } from "@/lib/url";
import {
  describeEachDb,
  makeAdmin,
  makeDeveloper,
  makeOrg,
  randomEmail,
  TEST_PASSWORD,
} from "../helpers/db";
import { auditActions, emailsTo, tokenFromLink } from "../helpers/portal-fixtures";

/** The link token of the newest email of a template to an address. */
async function linkIn(db: Db, orgId: string, to: string, template: string, route: string) {
  const mails = await emailsTo(db, orgId, to, template);
  const last = mails[mails.length - 1];
  if (!last) throw new Error(`no "${template}" email to ${to}`);
  return tokenFromLink(last.text, `${appUrl()}${route}`);
}

async function signedIn(db: Db, admin: AdminUser) {
  const session = await startSession(
    db,
    { orgId: admin.orgId, subjectType: "admin", subjectId: admin.id },
    { userAgent: "vitest", ipAddress: "203.0.113.9" },
  );
  return { admin, orgId: admin.orgId, sessionId: session.id };
}

/** A new organisation's admin (password TEST_PASSWORD), signed in. */
async function signedInAdmin(db: Db) {
  const org = await makeOrg(db);
  const admin = await makeAdmin(db, org.id, { password: TEST_PASSWORD });
  return { org, admin, me: await signedIn(db, admin) };
}

const sessionsOf = (db: Db, a: AdminUser) =>
  listActiveSessions(db, { orgId: a.orgId, subjectType: "admin", subjectId: a.id });

async function row(db: Db, a: AdminUser) {
  const r = await getAdmin(db, a.orgId, a.id);
  if (!r) throw new Error("admin vanished");
  return r;
}

// scrypt at a real cost, several times per test, on a shared 2-core machine.
const SLOW = { timeout: 90_000 };

describeEachDb("R-SEC-EMAIL-CHANGE: an admin's own email change", (getDb) => {
  it(
    "R-SEC-EMAIL-CHANGE, R-SEC-ADMINS: the login changes only when the link sent to the new address is pressed; then every session ends and the old address is told",
    SLOW,
    async () => {
      const db = getDb();
      const { org, admin, me } = await signedInAdmin(db);
      const newEmail = randomEmail("moved");

      // Refused: wrong current password, the same address. Nothing is sent.
      expect(
        await requestAdminEmailChange(db, me, { email: newEmail, currentPassword: "not-it" }),
      ).toMatchObject({ ok: false, fieldErrors: { currentPassword: [expect.any(String)] } });
      expect(
        await requestAdminEmailChange(db, me, {
          email: admin.email.toUpperCase(),
          currentPassword: TEST_PASSWORD,
        }),
      ).toMatchObject({ ok: false, fieldErrors: { email: ["This is already your email."] } });
      expect(await emailsTo(db, org.id, newEmail)).toEqual([]);

      expect(
        await requestAdminEmailChange(db, me, {
          email: ` ${newEmail.toUpperCase()} `,
          currentPassword: TEST_PASSWORD,
        }),
      ).toMatchObject({ ok: true, value: { newEmail } });
      // Nothing changed yet: the old email still logs in, the new one does not.
      expect((await row(db, admin)).email).toBe(admin.email);
      expect(await findAdminByEmail(db, newEmail)).toBeNull();
      expect((await beginAdminLogin(db, admin.email, TEST_PASSWORD)).ok).toBe(true);
      expect(await pendingAdminEmailChange(db, org.id, admin.id)).toMatchObject({ newEmail });
      const token = await linkIn(
        db,
        org.id,
        newEmail,
        "adminEmailChangeConfirm",
        "/admin/confirm-email",
      );
      expect(await peekAdminEmailChange(db, token)).toEqual({ newEmail, orgName: org.name });

      expect(await confirmAdminEmailChange(db, token)).toMatchObject({
        ok: true,
        value: { newEmail },
      });
      expect((await row(db, admin)).email).toBe(newEmail);
      expect(await sessionsOf(db, admin)).toEqual([]);
      expect((await beginAdminLogin(db, newEmail, TEST_PASSWORD)).ok).toBe(true);
      expect((await beginAdminLogin(db, admin.email, TEST_PASSWORD)).ok).toBe(false);
      expect(await pendingAdminEmailChange(db, org.id, admin.id)).toBeNull();
      // The link worked once.
      expect(await peekAdminEmailChange(db, token)).toBeNull();
      expect(await confirmAdminEmailChange(db, token)).toMatchObject({
        ok: false,
        reason: "invalid",
      });

      const [notice, ...more] = await emailsTo(db, org.id, admin.email, "adminEmailChanged");
      expect(more).toEqual([]);
      expect(notice?.subject).toBe(`Your ${org.name} admin email was changed`);
      expect(notice?.text).toContain(newEmail);
      expect(notice?.text).toContain(`${appUrl()}/admin/security/`);
      expect((await auditActions(db, org.id, admin.id)).map((a) => a.action)).toEqual(
        expect.arrayContaining(["admin.email_change_requested", "admin.email_changed"]),
      );
      const changed = (await auditActions(db, org.id, admin.id)).find(
        (a) => a.action === "admin.email_changed",
      );
      expect(changed?.data).toEqual({ from: admin.email, to: newEmail });
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: an address another admin holds (in any organisation) is refused on confirmation, nothing changes; resend replaces the link and cancel spends it",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const elsewhere = await makeOrg(db);
      const admin = await makeAdmin(db, org.id, { password: TEST_PASSWORD });
      const holder = await makeAdmin(db, elsewhere.id);
      const me = await signedIn(db, admin);

      await requestAdminEmailChange(db, me, {
        email: holder.email,
        currentPassword: TEST_PASSWORD,
      });
      const taken = await linkIn(
        db,
        org.id,
        holder.email,
        "adminEmailChangeConfirm",
        "/admin/confirm-email",
      );
      expect(await confirmAdminEmailChange(db, taken)).toMatchObject({
        ok: false,
        reason: "conflict",
      });
      expect(await row(db, admin)).toMatchObject({ email: admin.email });
      expect(await sessionsOf(db, admin)).toHaveLength(1);
      expect(await emailsTo(db, org.id, admin.email, "adminEmailChanged")).toEqual([]);

      const newEmail = randomEmail("second");
      await requestAdminEmailChange(db, me, { email: newEmail, currentPassword: TEST_PASSWORD });
      const first = await linkIn(
        db,
        org.id,
        newEmail,
        "adminEmailChangeConfirm",
        "/admin/confirm-email",
      );
      // Only the newest address can be confirmed.
      expect(await peekAdminEmailChange(db, taken)).toBeNull();
      expect(await resendAdminEmailChange(db, me)).toMatchObject({ ok: true, value: { newEmail } });
      const second = await linkIn(
        db,
        org.id,
        newEmail,
        "adminEmailChangeConfirm",
        "/admin/confirm-email",
      );
      expect(second).not.toBe(first);
      expect(await peekAdminEmailChange(db, first)).toBeNull();
      expect(await cancelAdminEmailChange(db, me)).toMatchObject({
        ok: true,
        value: { cancelled: true },
      });
      expect(await peekAdminEmailChange(db, second)).toBeNull();
      expect(await confirmAdminEmailChange(db, second)).toMatchObject({ ok: false });
      expect(await pendingAdminEmailChange(db, org.id, admin.id)).toBeNull();
      expect(await resendAdminEmailChange(db, me)).toMatchObject({ ok: false });
      expect(await row(db, admin)).toMatchObject({ email: admin.email });
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: 'This wasn't me' from the old address restores it, ends every session, stops the password and sends a reset link there, which works",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const admin = await makeAdmin(db, org.id, { password: TEST_PASSWORD });
      const attacker = randomEmail("attacker");
      const me = await signedIn(db, admin);
      await requestAdminEmailChange(db, me, { email: attacker, currentPassword: TEST_PASSWORD });
      await confirmAdminEmailChange(
        db,
        await linkIn(db, org.id, attacker, "adminEmailChangeConfirm", "/admin/confirm-email"),
      );
      const alert = await linkIn(db, org.id, admin.email, "adminEmailChanged", "/admin/security");
      // The attacker logs in with the new address and starts another change.
      const hijacked = await row(db, admin);
      const theirs = await signedIn(db, hijacked);
      await requestAdminEmailChange(db, theirs, {
        email: randomEmail("further"),
        currentPassword: TEST_PASSWORD,
      });
      expect(await peekAdminSecurityAlert(db, alert)).toEqual({
        orgName: org.name,
        address: admin.email,
      });

      expect(await secureAdminAccount(db, alert)).toMatchObject({
        ok: true,
        value: { address: admin.email, restored: true },
      });
      const secured = await row(db, admin);
      expect(secured.email).toBe(admin.email);
      expect(await sessionsOf(db, admin)).toEqual([]);
      expect(secured.sessionVersion).toBeGreaterThan(hijacked.sessionVersion);
      expect(await pendingAdminEmailChange(db, org.id, admin.id)).toBeNull();
      expect((await beginAdminLogin(db, admin.email, TEST_PASSWORD)).ok).toBe(false);
      expect((await beginAdminLogin(db, attacker, TEST_PASSWORD)).ok).toBe(false);
      // The link works once.
      expect(await secureAdminAccount(db, alert)).toMatchObject({ ok: false });
      expect(
        (await auditActions(db, org.id, admin.id)).find((a) => a.action === "admin.account_secured")
          ?.data,
      ).toEqual({
        reason: "email_changed",
        restoredEmail: { from: attacker, to: admin.email },
      });

      // The reset link went to the restored address, and it works.
      const reset = await linkIn(db, org.id, admin.email, "adminPasswordReset", "/admin/reset");
      expect(await emailsTo(db, org.id, attacker, "adminPasswordReset")).toEqual([]);
      expect((await resetAdminPassword(db, reset, "a-brand-new-passphrase")).ok).toBe(true);
      expect((await beginAdminLogin(db, admin.email, "a-brand-new-passphrase")).ok).toBe(true);
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE: a password change tells the address with a 'This wasn't me' link; pressing it ends the session that changed it",
    SLOW,
    async () => {
      const db = getDb();
      const { org, admin, me } = await signedInAdmin(db);
      expect(
        (await changeOwnAdminPassword(db, me, TEST_PASSWORD, "changed-by-someone-else")).ok,
      ).toBe(true);
      const alert = await linkIn(
        db,
        org.id,
        admin.email,
        "adminPasswordChanged",
        "/admin/security",
      );
      expect(await sessionsOf(db, admin)).toHaveLength(1);
      expect(await secureAdminAccount(db, alert)).toMatchObject({
        ok: true,
        value: { address: admin.email, restored: false },
      });
      expect(await sessionsOf(db, admin)).toEqual([]);
      expect((await beginAdminLogin(db, admin.email, "changed-by-someone-else")).ok).toBe(false);
      expect(await emailsTo(db, org.id, admin.email, "adminPasswordReset")).toHaveLength(1);
      // Still a joined member of the team (not shown as an open invitation).
      expect((await row(db, admin)).passwordHash).not.toBeNull();
    },
  );

  it(
    "R-SEC-EMAIL-CHANGE, R-ORG-ISOLATION: a developer's link tokens, malformed tokens and hostile strings open nothing on the admin pages",
    SLOW,
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const dev = await makeDeveloper(db, org.id);
      const devAlert = await issueLinkToken(db, org.id, "security_alert", dev.id, 3600, {
        address: dev.email,
        reason: "password_changed",
      });
      const devChange = await issueLinkToken(db, org.id, "email_change", dev.id, 3600, {
        newEmail: randomEmail("dev-new"),
      });
      expect(await peekAdminSecurityAlert(db, devAlert)).toBeNull();
      expect(await secureAdminAccount(db, devAlert)).toMatchObject({ ok: false });
      expect(await peekAdminEmailChange(db, devChange)).toBeNull();
      expect(await confirmAdminEmailChange(db, devChange)).toMatchObject({ ok: false });
      for (const hostile of ["", "a%zz", "\u0000", "\u202e".repeat(40), "x".repeat(100_000)]) {
        expect(await peekAdminSecurityAlert(db, hostile)).toBeNull();
        expect(await peekAdminEmailChange(db, hostile)).toBeNull();
      }
    },
  );
});
