import { expect, it } from "vitest";
import { changeOwnAdminPassword } from "@/lib/admins/own-account";
import { requestAdminPasswordReset, resetAdminPassword } from "@/lib/admins/reset";
import { appUrl } from "@/lib/url";
import { startSession } from "@/lib/sessions/sessions";
import { describeEachDb, makeAdmin, makeOrg, TEST_PASSWORD } from "../helpers/db";
import { emailsTo, tokenFromLink } from "../helpers/portal-fixtures";

const NEW_PASSWORD = "another-console-passphrase";

describeEachDb(
  "R-SEC-EMAIL-CHANGE: an admin's address is told of every password change",
  (getDb) => {
    it("R-SEC-EMAIL-CHANGE, R-SEC-ADMINS: changing the own password on the Account page emails a notice with a This-wasn't-me link", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const admin = await makeAdmin(db, org.id, { password: TEST_PASSWORD });
      const session = await startSession(
        db,
        { orgId: org.id, subjectType: "admin", subjectId: admin.id },
        { userAgent: "vitest", ipAddress: "203.0.113.7" },
      );
      const me = { admin, orgId: org.id, sessionId: session.id };
      // A refused change (wrong current password) tells nobody.
      expect((await changeOwnAdminPassword(db, me, "not-it-at-all", NEW_PASSWORD)).ok).toBe(false);
      expect(await emailsTo(db, org.id, admin.email, "adminPasswordChanged")).toHaveLength(0);
      expect((await changeOwnAdminPassword(db, me, TEST_PASSWORD, NEW_PASSWORD)).ok).toBe(true);
      const [notice, ...more] = await emailsTo(db, org.id, admin.email, "adminPasswordChanged");
      expect(more).toHaveLength(0);
      expect(notice?.subject).toBe(`Your ${org.name} admin password was changed`);
      expect(notice?.text).toContain(`${appUrl()}/admin/security/`);
    });

    it("R-SEC-EMAIL-CHANGE, R-SEC-ADMINS: completing a reset link emails a 'reset' notice; a spent link sends nothing more", async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const admin = await makeAdmin(db, org.id, { password: TEST_PASSWORD });
      expect(await requestAdminPasswordReset(db, admin.email)).toMatchObject({ ok: true });
      const [reset] = await emailsTo(db, org.id, admin.email, "adminPasswordReset");
      const token = tokenFromLink(reset?.text ?? "", "/admin/reset");
      expect((await resetAdminPassword(db, token, NEW_PASSWORD)).ok).toBe(true);
      expect((await resetAdminPassword(db, token, NEW_PASSWORD)).ok).toBe(false);
      const notices = await emailsTo(db, org.id, admin.email, "adminPasswordChanged");
      expect(notices.map((n) => n.subject)).toEqual([`Your ${org.name} admin password was reset`]);
    });
  },
);
