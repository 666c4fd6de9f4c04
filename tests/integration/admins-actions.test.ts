import { Secret, TOTP } from "otpauth";
import { beforeEach, expect, it, vi } from "vitest";

/**
 * R-SEC-ADMINS through the real server actions, the guards and the `admin` provider's authorize,
 * with a real database. Stood in for: the session cookie (auth() answers with the claims a login
 * would have put in the JWT, backed by a real session row), Next's cache and `after` (there is
 * no request around the action; `after` tasks are collected and awaited by the test).
 */
vi.mock("@/lib/auth", () => import("../helpers/action-harness").then((h) => h.authStandIn()));
vi.mock("next/cache", () => import("../helpers/action-harness").then((h) => h.cacheStandIn()));
vi.mock("next/server", (o) => import("../helpers/action-harness").then((h) => h.serverStandIn(o)));

import { actionHarness as ctx } from "../helpers/action-harness";

import {
  cancelAdminEmailChangeAction,
  changeAdminEmailAction,
  renameAdminAction,
} from "@/app/admin/(console)/account/actions";
import { confirmAdminEmailChangeAction } from "@/app/admin/confirm-email/actions";
import { secureAdminAccountAction } from "@/app/admin/security/actions";
import {
  changeRoleAction,
  endSessionsAction,
  inviteAdminAction,
  removeAdminAction,
  requireTwoFactorAction,
  resendInvitationAction,
  resetTwoFactorAction,
  setStatusAction,
} from "@/app/admin/(console)/team/actions";
import { requestAdminResetAction, resetAdminPasswordAction } from "@/app/admin/reset/actions";
import { confirmTwoFactorAction, startTwoFactorAction } from "@/app/admin/two-factor/actions";
import type { Db, DbHandle } from "@/db";
import { getAdmin } from "@/db/queries/admins";
import type { AdminUser } from "@/db/schema";
import type { ActionState } from "@/lib/actions/state";
import { twoFactorState } from "@/lib/admins/two-factor";
import { adminLoginStep } from "@/lib/auth/admin-login-error";
import { authorizeAdmin } from "@/lib/auth/admin-authorize";
import { requireAdmin } from "@/lib/auth/guards";
import { appUrl } from "@/lib/url";
import { describeEachDb, makeAdmin, makeOrg, randomEmail, TEST_PASSWORD } from "../helpers/db";
import { isRedirect } from "../helpers/hostile-input";
import { auditActions, emailsTo, setOrgSettings, tokenFromLink } from "../helpers/portal-fixtures";
import { signedInClaims } from "../helpers/sessions";

const initial: ActionState = { ok: false };
const SLOW = 120_000;

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

async function logInAs(db: Db, a: AdminUser) {
  ctx.session = { claims: await signedInClaims(db, "admin", a) };
}

/** Runs an action; a Next redirect comes back as `{ redirect: url }`. */
async function run(
  action: (prev: ActionState, fd: FormData) => Promise<ActionState>,
  values: Record<string, string>,
): Promise<ActionState | { redirect: string }> {
  try {
    return await action(initial, form(values));
  } catch (err) {
    if (isRedirect(err))
      return { redirect: String((err as { digest: string }).digest).split(";")[2] ?? "" };
    throw err;
  }
}

async function fresh(db: Db, a: AdminUser) {
  const row = await getAdmin(db, a.orgId, a.id);
  if (!row) throw new Error("admin vanished");
  return row;
}

const codeAt = (secret: string, at = Date.now()) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });

describeEachDb("R-SEC-ADMINS: Team, two-factor and reset actions", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
    ctx.session = null;
    ctx.after = [];
  });

  it("R-SEC-ADMINS: every Team action refuses admins and viewers, and nothing changes", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const owner = await makeAdmin(db, org.id, { role: "owner" });
    const target = await makeAdmin(db, org.id, { role: "viewer" });
    const calls = [
      [inviteAdminAction, { email: randomEmail("nope"), role: "admin" }],
      [resendInvitationAction, { adminId: target.id }],
      [changeRoleAction, { adminId: target.id, role: "owner" }],
      [setStatusAction, { adminId: target.id, status: "inactive" }],
      [endSessionsAction, { adminId: target.id }],
      [resetTwoFactorAction, { adminId: target.id }],
      [removeAdminAction, { adminId: owner.id }],
      [requireTwoFactorAction, { required: "on" }],
    ] as const;
    for (const role of ["admin", "viewer"] as const) {
      const me = await makeAdmin(db, org.id, { role });
      await logInAs(db, me);
      for (const [action, values] of calls)
        expect(await run(action, values)).toMatchObject({
          ok: false,
          message: `Your role (${role}) cannot make this change.`,
        });
    }
    expect(await fresh(db, target)).toEqual(target);
    expect(await fresh(db, owner)).toEqual(owner);
    expect(await auditActions(db, org.id, target.id)).toEqual([]);
  });

  it("R-SEC-ADMINS: an owner invites through the action (link under APP_URL), changes a role, disables and removes; another organisation's admin id is not found", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const other = await makeOrg(db);
    const owner = await makeAdmin(db, org.id, { role: "owner" });
    const stranger = await makeAdmin(db, other.id, { role: "admin" });
    await logInAs(db, owner);

    const email = randomEmail("newcomer");
    expect(await run(inviteAdminAction, { email, role: "viewer" })).toMatchObject({
      ok: true,
      message: `Invitation sent to ${email}.`,
    });
    const [mail] = await emailsTo(db, org.id, email, "adminInvitation");
    tokenFromLink(mail?.text ?? "", `${appUrl()}/admin/invite`);
    expect(await run(inviteAdminAction, { email: "not-an-email", role: "owner" })).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.any(String)], role: ["Choose admin or viewer."] },
    });

    const member = await makeAdmin(db, org.id);
    expect(await run(changeRoleAction, { adminId: member.id, role: "viewer" })).toMatchObject({
      ok: true,
    });
    expect(await run(setStatusAction, { adminId: member.id, status: "inactive" })).toMatchObject({
      ok: true,
    });
    expect(await fresh(db, member)).toMatchObject({ role: "viewer", status: "inactive" });
    expect(await run(removeAdminAction, { adminId: member.id })).toMatchObject({ ok: true });
    expect(await getAdmin(db, org.id, member.id)).toBeNull();

    for (const [action, values] of [
      [changeRoleAction, { adminId: stranger.id, role: "viewer" }],
      [setStatusAction, { adminId: stranger.id, status: "inactive" }],
      [endSessionsAction, { adminId: stranger.id }],
      [removeAdminAction, { adminId: stranger.id }],
      [resendInvitationAction, { adminId: stranger.id }],
    ] as const)
      expect(await run(action, values)).toMatchObject({
        ok: false,
        message: "This admin does not exist.",
      });
    expect(await fresh(db, stranger)).toEqual(stranger);
    // A malformed id never reaches a query.
    expect(await run(removeAdminAction, { adminId: "adm_\u0000" })).toMatchObject({
      ok: false,
      fieldErrors: { adminId: ["This admin does not exist."] },
    });
    // The last owner removing themself is refused with the reason.
    expect(await run(removeAdminAction, { adminId: owner.id })).toMatchObject({
      ok: false,
      message: `${owner.email} is the last owner of this organisation. Make another admin an owner first.`,
    });
  });

  it("R-SEC-ADMINS: when the organisation requires two-factor, an admin without it is sent to set it up and every other action refuses until they do", async () => {
    const db = getDb();
    const org = await setOrgSettings(db, (await makeOrg(db)).id, { requireAdminTwoFactor: true });
    const admin = await makeAdmin(db, org.id, { role: "owner" });
    await logInAs(db, admin);

    const redirected = await requireAdmin().then(
      () => "no redirect",
      (err: unknown) => (isRedirect(err) ? String((err as { digest: string }).digest) : "other"),
    );
    expect(redirected).toContain(";/admin/two-factor;");
    const refused = "Your organisation requires two-factor authentication: set it up first.";
    expect(await run(renameAdminAction, { name: "New name" })).toMatchObject({
      ok: false,
      message: refused,
    });
    expect(await run(inviteAdminAction, { email: randomEmail("x"), role: "admin" })).toMatchObject({
      ok: false,
      message: refused,
    });

    expect(await run(startTwoFactorAction, {})).toMatchObject({ ok: true });
    const state = twoFactorState(await fresh(db, admin));
    if (state.status !== "pending") throw new Error("expected a pending set-up");
    const confirmed = await run(confirmTwoFactorAction, { code: codeAt(state.secret) });
    expect(confirmed).toMatchObject({
      ok: true,
      data: {
        recoveryCodes: expect.stringMatching(
          /^([a-z2-9]{5}-[a-z2-9]{5}\n){9}[a-z2-9]{5}-[a-z2-9]{5}$/,
        ),
      },
    });

    ctx.session = { claims: await signedInClaims(db, "admin", await fresh(db, admin)) };
    expect((await requireAdmin()).admin.id).toBe(admin.id);
    expect(await run(renameAdminAction, { name: "New name" })).toMatchObject({ ok: true });
  });

  it(
    "R-SEC-ADMINS: the reset request answers identically for an admin's and an unknown email; only the admin is emailed; the link changes the password once and ends sessions",
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const admin = await makeAdmin(db, org.id);
      const unknown = randomEmail("nobody");
      const known = await run(requestAdminResetAction, { email: admin.email.toUpperCase() });
      const none = await run(requestAdminResetAction, { email: unknown });
      expect(known).toEqual({
        ...none,
        values: { email: admin.email },
      });
      expect(none).toEqual({
        ok: true,
        message:
          "If an admin account exists for this email, we have sent a link to reset its password. It works once, for one hour.",
        values: { email: unknown },
      });
      await Promise.all(ctx.after);
      const [mail, ...more] = await emailsTo(db, org.id, admin.email, "adminPasswordReset");
      expect(more).toEqual([]);
      expect(mail?.text).toContain("60 minutes");
      const token = tokenFromLink(mail?.text ?? "", `${appUrl()}/admin/reset`);

      const sessionBefore = await signedInClaims(db, "admin", admin);
      const newPassword = "a-brand-new-admin-password";
      expect(
        await run(resetAdminPasswordAction, {
          token,
          password: newPassword,
          confirm: "different-one",
        }),
      ).toMatchObject({
        ok: false,
        fieldErrors: { confirm: ["The two passwords differ."] },
      });
      expect(
        await run(resetAdminPasswordAction, { token, password: newPassword, confirm: newPassword }),
      ).toEqual({ redirect: "/admin/login?passwordSet=1" });
      expect(
        await run(resetAdminPasswordAction, { token, password: newPassword, confirm: newPassword }),
      ).toMatchObject({
        ok: false,
        message: "This link has expired or was already used. Ask for a new one.",
      });
      ctx.session = { claims: sessionBefore };
      expect(await run(renameAdminAction, { name: "x" })).toMatchObject({
        ok: false,
        message: "Your session has ended. Log in again.",
      });
      expect(
        (await authorizeAdmin({ email: admin.email, password: newPassword }, undefined))?.id,
      ).toBe(admin.id);
      expect((await auditActions(db, org.id, admin.id)).map((a) => a.action)).toEqual(
        expect.arrayContaining(["admin.password_reset_requested", "admin.password_reset"]),
      );
    },
    SLOW,
  );

  it(
    "R-SEC-ADMINS: the admin provider gives no user for the password of a two-factor admin, only a challenge; challenge + code gives the user",
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const admin = await makeAdmin(db, org.id);
      await logInAs(db, admin);
      await run(startTwoFactorAction, {});
      const state = twoFactorState(await fresh(db, admin));
      if (state.status !== "pending") throw new Error("expected a pending set-up");
      const now = Date.now();
      expect(await run(confirmTwoFactorAction, { code: codeAt(state.secret, now) })).toMatchObject({
        ok: true,
      });

      const step = await authorizeAdmin(
        { email: admin.email, password: TEST_PASSWORD },
        undefined,
      ).then(
        () => null,
        (err: unknown) => adminLoginStep(err),
      );
      if (step?.next !== "code")
        throw new Error(`expected the code step, got ${JSON.stringify(step)}`);
      const wrong = await authorizeAdmin(
        { challenge: step.challenge, code: "000000" },
        undefined,
      ).then(
        () => null,
        (err: unknown) => adminLoginStep(err),
      );
      expect(wrong).toEqual({ next: "wrong_code" });
      const user = await authorizeAdmin(
        { challenge: step.challenge, code: codeAt(state.secret, now + 30_000) },
        undefined,
      );
      expect(user).toMatchObject({
        id: admin.id,
        claims: { kind: "admin", uid: admin.id, orgId: org.id },
      });
      const tampered = await authorizeAdmin(
        { challenge: `${step.challenge}x`, code: codeAt(state.secret, now + 30_000) },
        undefined,
      ).then(
        () => null,
        (err: unknown) => adminLoginStep(err),
      );
      expect(tampered).toEqual({ next: "restart" });
      // A wrong password is still just "no user".
      expect(
        await authorizeAdmin({ email: admin.email, password: "wrong-password" }, undefined),
      ).toBeNull();
    },
    SLOW,
  );

  it(
    "R-SEC-EMAIL-CHANGE: a viewer changes their own email through the actions (never another admin's, whatever the form names); no session changes nothing; bad links get a message",
    async () => {
      const db = getDb();
      const org = await makeOrg(db);
      const viewer = await makeAdmin(db, org.id, { role: "viewer", password: TEST_PASSWORD });
      const other = await makeAdmin(db, org.id, { role: "owner" });
      const newEmail = randomEmail("viewer-new");
      const values = {
        email: newEmail,
        currentPassword: TEST_PASSWORD,
        adminId: other.id,
        orgId: "org_elsewhere",
      };

      expect(await run(changeAdminEmailAction, values)).toMatchObject({ ok: false });
      expect(await emailsTo(db, org.id, newEmail)).toEqual([]);

      await logInAs(db, viewer);
      expect(await run(changeAdminEmailAction, { ...values, email: "not an email" })).toMatchObject(
        {
          ok: false,
          fieldErrors: { email: [expect.any(String)] },
          values: { email: "not an email" },
        },
      );
      expect(await run(changeAdminEmailAction, values)).toMatchObject({ ok: true });
      const [confirm] = await emailsTo(db, org.id, newEmail, "adminEmailChangeConfirm");
      const token = tokenFromLink(confirm?.text ?? "", `${appUrl()}/admin/confirm-email`);
      // The typed password is never echoed back.
      expect(
        JSON.stringify(await run(changeAdminEmailAction, { ...values, currentPassword: "wrong" })),
      ).not.toContain("wrong");

      ctx.session = null;
      expect(await run(cancelAdminEmailChangeAction, {})).toMatchObject({ ok: false });
      for (const bad of ["", "%zz", "\u0000", "x".repeat(2000)])
        expect(await run(confirmAdminEmailChangeAction, { token: bad })).toMatchObject({
          ok: false,
          message: expect.any(String),
        });
      expect(await run(secureAdminAccountAction, { token })).toMatchObject({ ok: false });
      expect(await run(confirmAdminEmailChangeAction, { token })).toMatchObject({ ok: true });
      expect(await fresh(db, viewer)).toMatchObject({ email: newEmail });
      expect(await fresh(db, other)).toEqual(other);
      expect(await emailsTo(db, org.id, viewer.email, "adminEmailChanged")).toHaveLength(1);
    },
    SLOW,
  );
});
