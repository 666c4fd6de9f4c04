import { Secret, TOTP } from "otpauth";
import { expect, it } from "vitest";
import { getAdmin, listAdmins } from "@/db/queries/admins";
import { getOrganisation } from "@/db/queries/organisations";
import type { Db } from "@/db";
import type { AdminUser, Organisation } from "@/db/schema";
import { acceptAdminInvitation } from "@/lib/admins/invitation";
import { beginAdminLogin, completeAdminLogin } from "@/lib/admins/login";
import { confirmTwoFactor, startTwoFactor } from "@/lib/admins/two-factor";
import { peekAdminLink } from "@/lib/admins/links";
import {
  ADMIN_INVITATION_TTL_HOURS,
  changeAdminRole,
  endAdminSessions,
  inviteAdmin,
  removeAdmin,
  resendInvitation,
  resetAdminTwoFactor,
  setAdminStatus,
  setRequireTwoFactor,
  type TeamActor,
} from "@/lib/admins/team";
import { authenticateAdmin } from "@/lib/auth/credentials";
import { checkSession, startSession } from "@/lib/sessions/sessions";
import { describeEachDb, makeAdmin, makeOrg, randomEmail, TEST_PASSWORD } from "../helpers/db";
import { auditActions, emailsTo, tokenFromLink } from "../helpers/portal-fixtures";

const BASE = "https://console.example.test";
// Password hashes are deliberately slow (scrypt at OWASP parameters): flows with several logins get time.
const SLOW = 120_000;
const NEW_PASSWORD = "a-fresh-team-password";

const actorOf = (a: AdminUser): TeamActor => ({ orgId: a.orgId, adminId: a.id });
const CLIENT = { userAgent: "vitest", ipAddress: "203.0.113.9" };

/** A live server-side session of the admin (as a login makes); returns a checker. */
async function sessionOf(db: Db, a: AdminUser) {
  const subject = { orgId: a.orgId, subjectType: "admin" as const, subjectId: a.id };
  const row = await startSession(db, subject, CLIENT);
  return async () => (await checkSession(db, { ...subject, sessionId: row.id })) !== null;
}

async function team(db: Db) {
  const org = await makeOrg(db);
  const owner = await makeAdmin(db, org.id, { role: "owner" });
  return { org, owner };
}

/** The code an authenticator app shows at `at` (computed by the test with otpauth). */
const codeAt = (secret: string, at: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });

/** Turns two-factor on for `a` at time `at`; returns the secret. */
async function enrol(db: Db, a: AdminUser, at: number): Promise<string> {
  const self = { orgId: a.orgId, adminId: a.id };
  const started = await startTwoFactor(db, self);
  if (!started.ok) throw new Error(started.message);
  const confirmed = await confirmTwoFactor(db, self, codeAt(started.value.secret, at), at);
  if (!confirmed.ok) throw new Error(confirmed.message);
  return started.value.secret;
}

async function fresh(db: Db, a: AdminUser): Promise<AdminUser> {
  const row = await getAdmin(db, a.orgId, a.id);
  if (!row) throw new Error(`admin ${a.id} is gone`);
  return row;
}

/** Invites `email` as `role` and accepts from the emailed link; returns the new admin. */
async function inviteAndAccept(
  db: Db,
  org: Organisation,
  owner: AdminUser,
  role: "admin" | "viewer" = "admin",
) {
  const email = randomEmail("invitee");
  const invited = await inviteAdmin(db, org, actorOf(owner), { email, role }, BASE);
  if (!invited.ok) throw new Error(invited.message);
  const [mail] = await emailsTo(db, org.id, email, "adminInvitation");
  if (!mail) throw new Error("no invitation email");
  const token = tokenFromLink(mail.text, `${BASE}/admin/invite`);
  const accepted = await acceptAdminInvitation(db, token, {
    name: "Ivy Invitee",
    password: NEW_PASSWORD,
  });
  if (!accepted.ok) throw new Error(accepted.message);
  const admin = await getAdmin(db, org.id, invited.value.adminId);
  if (!admin) throw new Error("invited admin vanished");
  return admin;
}

describeEachDb("R-SEC-ADMINS: the team (lib/admins/team.ts)", (getDb) => {
  it(
    "R-SEC-ADMINS: invite → accept → role change → disable → remove, each audited",
    async () => {
      const db = getDb();
      const { org, owner } = await team(db);
      const email = randomEmail("Invitee").toUpperCase();
      const invited = await inviteAdmin(db, org, actorOf(owner), { email, role: "admin" }, BASE);
      expect(invited.ok).toBe(true);
      if (!invited.ok) return;
      const adminId = invited.value.adminId;

      // Invited: a row without a password, who cannot log in yet.
      const pending = await getAdmin(db, org.id, adminId);
      expect(pending).toMatchObject({
        email: email.toLowerCase(),
        role: "admin",
        passwordHash: null,
      });
      expect(await beginAdminLogin(db, email, NEW_PASSWORD)).toEqual({ ok: false });

      // The email holds a link to the accept page, valid 72 h, under the configured base URL.
      const mails = await emailsTo(db, org.id, email, "adminInvitation");
      expect(mails).toHaveLength(1);
      const token = tokenFromLink(mails[0]?.text ?? "", `${BASE}/admin/invite`);
      expect(mails[0]?.text).toContain(`${ADMIN_INVITATION_TTL_HOURS} hours`);
      expect((await peekAdminLink(db, "invitation", token))?.admin.id).toBe(adminId);

      const accepted = await acceptAdminInvitation(db, token, {
        name: "Ivy",
        password: NEW_PASSWORD,
      });
      expect(accepted.ok).toBe(true);
      // The link works once.
      expect(
        (await acceptAdminInvitation(db, token, { name: "X", password: NEW_PASSWORD })).ok,
      ).toBe(false);
      expect(await peekAdminLink(db, "invitation", token)).toBeNull();
      const joined = await getAdmin(db, org.id, adminId);
      expect(joined?.name).toBe("Ivy");
      const login = await beginAdminLogin(db, email, NEW_PASSWORD);
      expect(login).toMatchObject({ ok: true, needsCode: false });

      expect((await changeAdminRole(db, actorOf(owner), adminId, "viewer")).ok).toBe(true);
      expect((await getAdmin(db, org.id, adminId))?.role).toBe("viewer");

      const svBefore = (await getAdmin(db, org.id, adminId))?.sessionVersion ?? 0;
      const live = await sessionOf(db, await fresh(db, { ...owner, id: adminId }));
      expect(await live()).toBe(true);
      expect((await setAdminStatus(db, actorOf(owner), adminId, "inactive")).ok).toBe(true);
      const disabled = await getAdmin(db, org.id, adminId);
      expect(disabled?.status).toBe("inactive");
      // Sessions end (guards refuse older versions) and login is refused.
      expect(disabled?.sessionVersion).toBe(svBefore + 1);
      expect(await live()).toBe(false);
      expect(await beginAdminLogin(db, email, NEW_PASSWORD)).toEqual({ ok: false });
      expect(await authenticateAdmin(db, email, NEW_PASSWORD)).toBeNull();

      expect((await setAdminStatus(db, actorOf(owner), adminId, "active")).ok).toBe(true);
      expect((await beginAdminLogin(db, email, NEW_PASSWORD)).ok).toBe(true);

      expect((await removeAdmin(db, actorOf(owner), adminId)).ok).toBe(true);
      expect(await getAdmin(db, org.id, adminId)).toBeNull();
      expect(await beginAdminLogin(db, email, NEW_PASSWORD)).toEqual({ ok: false });

      const actions = (await auditActions(db, org.id, adminId)).map((r) => [r.action, r.actorId]);
      expect(actions).toEqual(
        expect.arrayContaining([
          ["admin.invited", owner.id],
          ["admin.invitation_accepted", adminId],
          ["admin.role_changed", owner.id],
          ["admin.disabled", owner.id],
          ["admin.enabled", owner.id],
          ["admin.removed", owner.id],
        ]),
      );
      const roleChange = (await auditActions(db, org.id, adminId)).find(
        (r) => r.action === "admin.role_changed",
      );
      expect(roleChange?.data).toEqual({ from: "admin", to: "viewer" });
    },
    SLOW,
  );

  it("R-SEC-ADMINS: the last active owner cannot be demoted, disabled or removed — with a clear message", async () => {
    const db = getDb();
    const { owner } = await team(db);
    for (const attempt of [
      () => changeAdminRole(db, actorOf(owner), owner.id, "admin"),
      () => setAdminStatus(db, actorOf(owner), owner.id, "inactive"),
      () => removeAdmin(db, actorOf(owner), owner.id),
    ]) {
      const r = await attempt();
      expect(r).toMatchObject({ ok: false, reason: "conflict" });
      expect(r.message).toBe(
        `${owner.email} is the last owner of this organisation. Make another admin an owner first.`,
      );
    }
    expect(await fresh(db, owner)).toMatchObject({ role: "owner", status: "active" });
    expect((await auditActions(db, owner.orgId, owner.id)).map((r) => r.action)).toEqual([]);
  });

  it("R-SEC-ADMINS: with a second active owner, an owner may step down or remove themself; a disabled owner does not count", async () => {
    const db = getDb();
    const { org, owner } = await team(db);
    const second = await makeAdmin(db, org.id, { role: "owner" });
    // A disabled owner is no owner to fall back on.
    const dormant = await makeAdmin(db, org.id, { role: "owner" });
    expect((await setAdminStatus(db, actorOf(owner), dormant.id, "inactive")).ok).toBe(true);

    expect((await changeAdminRole(db, actorOf(owner), owner.id, "admin")).ok).toBe(true);
    // Now `second` is the last active owner; the demoted admin can no longer manage the team.
    expect(await changeAdminRole(db, actorOf(owner), second.id, "viewer")).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
    const r = await removeAdmin(db, actorOf(second), second.id);
    expect(r).toMatchObject({ ok: false, reason: "conflict" });
    expect((await setAdminStatus(db, actorOf(second), dormant.id, "active")).ok).toBe(true);
    const self = await removeAdmin(db, actorOf(second), second.id);
    expect(self).toMatchObject({ ok: true, value: { self: true } });
    expect(await getAdmin(db, org.id, second.id)).toBeNull();
  });

  it("R-SEC-ADMINS: admins and viewers are refused every team function, and nothing changes", async () => {
    const db = getDb();
    const { org, owner } = await team(db);
    const target = await makeAdmin(db, org.id, { role: "viewer" });
    for (const role of ["admin", "viewer"] as const) {
      const who = actorOf(await makeAdmin(db, org.id, { role }));
      const refusals = [
        await inviteAdmin(db, org, who, { email: randomEmail("x"), role: "admin" }, BASE),
        await resendInvitation(db, org, who, target.id, BASE),
        await changeAdminRole(db, who, target.id, "owner"),
        await changeAdminRole(db, who, who.adminId, "owner"),
        await setAdminStatus(db, who, target.id, "inactive"),
        await removeAdmin(db, who, target.id),
        await removeAdmin(db, who, owner.id),
        await endAdminSessions(db, who, target.id),
        await setRequireTwoFactor(db, who, false),
      ];
      for (const r of refusals)
        expect(r).toMatchObject({
          ok: false,
          reason: "forbidden",
          message: "Only owners can manage the team.",
        });
    }
    expect(await fresh(db, target)).toEqual(target);
    expect((await listAdmins(db, org.id)).map((a) => a.role).sort()).toEqual([
      "admin",
      "owner",
      "viewer",
      "viewer",
    ]);
    expect(await emailsTo(db, org.id, target.email)).toEqual([]);
  });

  it("R-SEC-ADMINS: a disabled owner is refused too (only active owners manage the team)", async () => {
    const db = getDb();
    const { org, owner } = await team(db);
    const other = await makeAdmin(db, org.id, { role: "owner" });
    expect((await setAdminStatus(db, actorOf(owner), other.id, "inactive")).ok).toBe(true);
    expect(await removeAdmin(db, actorOf(other), owner.id)).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
  });

  it("R-SEC-ADMINS: an owner of another organisation reaches no admin of this one (ids are scoped)", async () => {
    const db = getDb();
    const a = await team(db);
    const b = await team(db);
    const victim = await makeAdmin(db, a.org.id, { role: "admin" });
    const intruder = actorOf(b.owner);
    for (const r of [
      await changeAdminRole(db, intruder, victim.id, "viewer"),
      await setAdminStatus(db, intruder, victim.id, "inactive"),
      await removeAdmin(db, intruder, victim.id),
      await endAdminSessions(db, intruder, victim.id),
      await resendInvitation(db, b.org, intruder, victim.id, BASE),
    ])
      expect(r).toMatchObject({ ok: false, reason: "not_found" });
    // Nor with the other organisation's record and its own session.
    expect(
      await inviteAdmin(db, a.org, intruder, { email: randomEmail("y"), role: "admin" }, BASE),
    ).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await fresh(db, victim)).toEqual(victim);
    expect(await auditActions(db, a.org.id, victim.id)).toEqual([]);
  });

  it(
    "R-SEC-ADMINS: inviting an email that already belongs to an admin is a field error; re-sending replaces the link",
    async () => {
      const db = getDb();
      const { org, owner } = await team(db);
      const other = await team(db);
      const r = await inviteAdmin(
        db,
        org,
        actorOf(owner),
        { email: other.owner.email.toUpperCase(), role: "admin" },
        BASE,
      );
      expect(r).toMatchObject({
        ok: false,
        reason: "conflict",
        fieldErrors: { email: ["This email already belongs to an admin account."] },
      });

      const email = randomEmail("again");
      const invited = await inviteAdmin(db, org, actorOf(owner), { email, role: "viewer" }, BASE);
      if (!invited.ok) throw new Error(invited.message);
      expect(
        (await resendInvitation(db, org, actorOf(owner), invited.value.adminId, BASE)).ok,
      ).toBe(true);
      const mails = await emailsTo(db, org.id, email, "adminInvitation");
      expect(mails).toHaveLength(2);
      const [first, second] = mails.map((m) => tokenFromLink(m.text, `${BASE}/admin/invite`));
      expect(await peekAdminLink(db, "invitation", first ?? "")).toBeNull();
      expect(await peekAdminLink(db, "invitation", second ?? "")).not.toBeNull();
      // A joined admin gets no new invitation.
      const joined = await inviteAndAccept(db, org, owner);
      expect(await resendInvitation(db, org, actorOf(owner), joined.id, BASE)).toMatchObject({
        ok: false,
        reason: "conflict",
      });
    },
    SLOW,
  );

  it(
    "R-SEC-ADMINS: removing an invited admin withdraws the invitation",
    async () => {
      const db = getDb();
      const { org, owner } = await team(db);
      const email = randomEmail("withdrawn");
      const invited = await inviteAdmin(db, org, actorOf(owner), { email, role: "admin" }, BASE);
      if (!invited.ok) throw new Error(invited.message);
      const token = tokenFromLink(
        (await emailsTo(db, org.id, email))[0]?.text ?? "",
        `${BASE}/admin/invite`,
      );
      expect((await removeAdmin(db, actorOf(owner), invited.value.adminId)).ok).toBe(true);
      expect(await peekAdminLink(db, "invitation", token)).toBeNull();
      expect(
        (await acceptAdminInvitation(db, token, { name: "Late", password: NEW_PASSWORD })).ok,
      ).toBe(false);
    },
    SLOW,
  );

  it(
    "R-SEC-ADMINS: ending an admin's sessions (or disabling them) ends their sessions and voids a login waiting for its code, not their account",
    async () => {
      const db = getDb();
      const { org, owner } = await team(db);
      const member = await makeAdmin(db, org.id);
      const now = Date.now();
      const secret = await enrol(db, member, now - 60_000);
      const [live, ownerLive] = [await sessionOf(db, member), await sessionOf(db, owner)];
      const start = await beginAdminLogin(db, member.email, TEST_PASSWORD);
      if (!start.ok || !start.needsCode) throw new Error("expected the code step");
      expect((await endAdminSessions(db, actorOf(owner), member.id)).ok).toBe(true);
      expect((await fresh(db, member)).sessionVersion).toBe(member.sessionVersion + 1);
      // Their session rows are gone; the owner's own session is untouched.
      expect(await live()).toBe(false);
      expect(await ownerLive()).toBe(true);
      expect(await completeAdminLogin(db, start.challenge, codeAt(secret, now), now)).toEqual({
        ok: false,
        reason: "challenge",
      });
      // The account still works: a new login completes.
      const again = await beginAdminLogin(db, member.email, TEST_PASSWORD);
      if (!again.ok || !again.needsCode) throw new Error("expected the code step");
      expect(await completeAdminLogin(db, again.challenge, codeAt(secret, now), now)).toMatchObject(
        {
          ok: true,
        },
      );
      // A disable between the two steps voids the challenge too.
      const third = await beginAdminLogin(db, member.email, TEST_PASSWORD);
      if (!third.ok || !third.needsCode) throw new Error("expected the code step");
      expect((await setAdminStatus(db, actorOf(owner), member.id, "inactive")).ok).toBe(true);
      expect(
        await completeAdminLogin(db, third.challenge, codeAt(secret, now + 30_000), now),
      ).toEqual({ ok: false, reason: "challenge" });
      expect((await auditActions(db, org.id, member.id)).map((r) => r.action)).toEqual(
        expect.arrayContaining(["admin.sessions_ended", "admin.disabled"]),
      );
    },
    SLOW,
  );

  it("R-SEC-ADMINS: requiring two-factor needs the owner's own two-factor first, and is audited", async () => {
    const db = getDb();
    const { org, owner } = await team(db);
    const r = await setRequireTwoFactor(db, actorOf(owner), true);
    expect(r).toMatchObject({ ok: false, reason: "invalid" });
    expect((await getOrganisation(db, org.id))?.requireAdminTwoFactor).toBe(false);
    expect((await setRequireTwoFactor(db, actorOf(owner), false)).ok).toBe(true);
    const audit = await auditActions(db, org.id, org.id);
    expect(audit.map((a) => [a.action, a.data])).toEqual([
      ["organisation.admin_two_factor_required", { required: false }],
    ]);
  });

  it(
    "R-SEC-ADMINS: an owner resets the two-factor of an admin who lost it: codes stop being asked, their sessions end, they are told; not their own, not as an admin, not across organisations",
    async () => {
      const db = getDb();
      const { org, owner } = await team(db);
      const member = await makeAdmin(db, org.id, { role: "admin", password: TEST_PASSWORD });
      const self = { orgId: org.id, adminId: member.id };
      const started = await startTwoFactor(db, self);
      if (!started.ok) throw new Error(started.message);
      const now = Date.now();
      expect((await confirmTwoFactor(db, self, codeAt(started.value.secret, now), now)).ok).toBe(
        true,
      );
      expect(await beginAdminLogin(db, member.email, TEST_PASSWORD)).toMatchObject({
        ok: true,
        needsCode: true,
      });
      const live = await sessionOf(db, member);

      // Refused: the member themself (an admin), the owner on themself, another org's owner.
      expect(await resetAdminTwoFactor(db, actorOf(member), member.id)).toMatchObject({
        ok: false,
        reason: "forbidden",
      });
      expect(await resetAdminTwoFactor(db, actorOf(owner), owner.id)).toMatchObject({ ok: false });
      const stranger = (await team(db)).owner;
      expect(await resetAdminTwoFactor(db, actorOf(stranger), member.id)).toMatchObject({
        ok: false,
        reason: "not_found",
      });
      expect(await live()).toBe(true);

      expect(await resetAdminTwoFactor(db, actorOf(owner), member.id)).toMatchObject({ ok: true });
      const after = await getAdmin(db, org.id, member.id);
      expect(after).toMatchObject({
        totpSecret: null,
        totpEnabledAt: null,
        recoveryCodeHashes: [],
      });
      expect(await live()).toBe(false);
      expect(await beginAdminLogin(db, member.email, TEST_PASSWORD)).toMatchObject({
        ok: true,
        needsCode: false,
      });
      const [told] = await emailsTo(db, org.id, member.email, "adminTwoFactorReset");
      expect(told?.subject).toBe(`Your ${org.name} admin two-factor was reset`);
      expect((await auditActions(db, org.id, member.id)).map((a) => a.action)).toContain(
        "admin.two_factor_reset",
      );
      // Nothing left to reset.
      expect(await resetAdminTwoFactor(db, actorOf(owner), member.id)).toMatchObject({
        ok: false,
        reason: "conflict",
      });
    },
    SLOW,
  );
});
