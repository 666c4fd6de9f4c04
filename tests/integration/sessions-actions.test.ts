import { beforeEach, expect, it, vi } from "vitest";

/**
 * R-SEC-SESSIONS through the real guards and server actions, with a real database. Only the
 * cookie is replaced: next-auth's auth() answers with the claims the test's login produced
 * (a real session row named by `sid`), as the JWT would carry them.
 */
const session = vi.hoisted(() => ({ current: null as null | { claims: unknown } }));
vi.mock("@/lib/auth", () => ({
  auth: async () => session.current,
  signIn: async () => {
    throw new Error("signIn is not expected in these tests");
  },
  signOut: async () => undefined,
  handlers: {},
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

import { and, eq } from "drizzle-orm";
import {
  changeAdminPasswordAction,
  endOtherAdminSessionsAction,
  renameAdminAction,
} from "@/app/admin/(console)/account/actions";
import { endDeveloperSessionsAction } from "@/app/admin/(console)/developers/[id]/session-actions";
import {
  endDeveloperSessionAction,
  endOtherDeveloperSessionsAction,
} from "@/app/[org]/account/session-actions";
import { type Db, type DbHandle, getDb } from "@/db";
import * as s from "@/db/schema";
import type { ActionState } from "@/lib/actions/state";
import { authenticateAdmin } from "@/lib/auth/credentials";
import { getAdminContext, getDeveloperContext } from "@/lib/auth/guards";
import { closeSession, openSession, type SessionTokenClaims } from "@/lib/auth/session-token";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg, TEST_PASSWORD } from "../helpers/db";
import { auditOf } from "../helpers/dev-fixtures";
import { signedInClaims } from "../helpers/sessions";

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}
const initial: ActionState = { ok: false };
const ENDED = "Your session has ended. Log in again.";

async function logIn(kind: "admin" | "developer", account: s.AdminUser | s.Developer) {
  const claims = await signedInClaims(getDb(), kind, account);
  session.current = { claims };
  return claims;
}

async function sessionIds(db: Db, orgId: string, subjectId: string) {
  const rows = await db
    .select({ id: s.sessions.id })
    .from(s.sessions)
    .where(and(eq(s.sessions.orgId, orgId), eq(s.sessions.subjectId, subjectId)));
  return rows.map((r) => r.id).sort();
}

describeEachDb("R-SEC-SESSIONS: guards and actions", (getTestDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getTestDb(),
      driver: target,
      close: async () => {},
    };
    session.current = null;
  });

  it("R-SEC-SESSIONS: login (the jwt callback) creates the row and names it in the claims; logout (signOut event) deletes it and the same cookie is refused", async () => {
    const db = getTestDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const claims = await openSession(
      { kind: "developer", uid: dev.id, orgId: org.id, sv: dev.sessionVersion },
      { userAgent: "curl/8.5.0", ipAddress: "198.51.100.4" },
    );
    expect(claims.sid).toMatch(/^ses_/);
    const [row] = await db.select().from(s.sessions).where(eq(s.sessions.id, claims.sid));
    expect(row).toMatchObject({ orgId: org.id, subjectId: dev.id, userAgent: "curl/8.5.0" });
    expect(claims.xp).toBe(Math.floor((row?.expiresAt.getTime() ?? 0) / 1000));

    session.current = { claims };
    expect((await getDeveloperContext(org.slug))?.sessionId).toBe(claims.sid);
    await closeSession({ claims });
    // React's cache() is per request; outside Next each call re-checks.
    expect(await getDeveloperContext(org.slug)).toBeNull();
  });

  it("R-SEC-SESSIONS: a JWT without a session id (issued before sessions existed) or with an idle row is refused", async () => {
    const db = getTestDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const claims = await logIn("admin", admin);
    expect((await getAdminContext())?.admin.id).toBe(admin.id);

    const withoutSid = { kind: claims.kind, uid: claims.uid, orgId: claims.orgId, sv: claims.sv };
    session.current = { claims: withoutSid };
    expect(await getAdminContext()).toBeNull();

    session.current = { claims };
    await db
      .update(s.sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(s.sessions.id, claims.sid));
    expect(await getAdminContext()).toBeNull();
  });

  it("R-SEC-SESSIONS: a developer logs out one other session and then everywhere else; the current one stays", async () => {
    const db = getTestDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const laptop = await signedInClaims(db, "developer", dev);
    const phone = await signedInClaims(db, "developer", dev);
    const tablet = await signedInClaims(db, "developer", dev);
    const me = await logIn("developer", dev);

    const one = await endDeveloperSessionAction(
      initial,
      form({ org: org.slug, sessionId: laptop.sid }),
    );
    expect(one).toMatchObject({ ok: true, message: "Session logged out." });
    expect(await sessionIds(db, org.id, dev.id)).toEqual([me.sid, phone.sid, tablet.sid].sort());

    const rest = await endOtherDeveloperSessionsAction(initial, form({ org: org.slug }));
    expect(rest).toMatchObject({ ok: true, message: "2 other sessions logged out." });
    expect(await sessionIds(db, org.id, dev.id)).toEqual([me.sid]);
    expect(await getDeveloperContext(org.slug)).not.toBeNull();

    // The browser whose session was ended is logged out.
    session.current = { claims: phone };
    expect(await getDeveloperContext(org.slug)).toBeNull();
    expect(await endOtherDeveloperSessionsAction(initial, form({ org: org.slug }))).toMatchObject({
      ok: false,
      message: ENDED,
    });
  });

  it("R-SEC-SESSIONS: a developer cannot end a colleague's or another organisation's session by id", async () => {
    const db = getTestDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const [dev, colleague, stranger] = [
      await makeDeveloper(db, a.id),
      await makeDeveloper(db, a.id),
      await makeDeveloper(db, b.id),
    ];
    const theirs = await signedInClaims(db, "developer", colleague);
    const foreign = await signedInClaims(db, "developer", stranger);
    await logIn("developer", dev);
    for (const sessionId of [theirs.sid, foreign.sid]) {
      expect(
        await endDeveloperSessionAction(initial, form({ org: a.slug, sessionId })),
      ).toMatchObject({ ok: false, message: "This session has already ended." });
    }
    // Through the other portal's slug the session is not even a session.
    expect(
      await endDeveloperSessionAction(initial, form({ org: b.slug, sessionId: foreign.sid })),
    ).toMatchObject({ ok: false, message: ENDED });
    expect(await sessionIds(db, a.id, colleague.id)).toEqual([theirs.sid]);
    expect(await sessionIds(db, b.id, stranger.id)).toEqual([foreign.sid]);
    expect(
      await endDeveloperSessionAction(initial, form({ org: a.slug, sessionId: "'; drop table" })),
    ).toMatchObject({ ok: false, fieldErrors: { sessionId: ["This session has already ended."] } });
  });

  it("R-SEC-SESSIONS: an admin ends all of a developer's sessions (audited); viewers and other organisations' admins cannot", async () => {
    const db = getTestDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, a.id);
    const devSessions = [
      await signedInClaims(db, "developer", dev),
      await signedInClaims(db, "developer", dev),
    ];
    const viewer = await makeAdmin(db, a.id, { role: "viewer" });
    const otherAdmin = await makeAdmin(db, b.id, { role: "owner" });
    const admin = await makeAdmin(db, a.id);

    await logIn("admin", viewer);
    expect(await endDeveloperSessionsAction(initial, form({ developerId: dev.id }))).toMatchObject({
      ok: false,
      message: "Your role (viewer) cannot make this change.",
    });
    await logIn("admin", otherAdmin);
    expect(await endDeveloperSessionsAction(initial, form({ developerId: dev.id }))).toMatchObject({
      ok: false,
      message: "Developer not found.",
    });
    expect(await sessionIds(db, a.id, dev.id)).toEqual(devSessions.map((c) => c.sid).sort());

    await logIn("admin", admin);
    expect(await endDeveloperSessionsAction(initial, form({ developerId: dev.id }))).toMatchObject({
      ok: true,
      message: "2 sessions ended.",
    });
    expect(await sessionIds(db, a.id, dev.id)).toEqual([]);
    session.current = { claims: devSessions[0] };
    expect(await getDeveloperContext(a.slug)).toBeNull();
    const audit = await auditOf(db, a.id, dev.id);
    expect(audit.map((r) => [r.action, r.actorId, r.data])).toEqual([
      ["developer.sessions_ended", admin.id, { ended: 2 }],
    ]);
    expect(await auditOf(db, b.id, dev.id)).toEqual([]);
  });

  it("R-SEC-SESSIONS: an admin's password change needs the current password, logs out their other sessions and keeps this one", async () => {
    const db = getTestDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id, { role: "viewer" });
    const elsewhere = await signedInClaims(db, "admin", admin);
    const me = await logIn("admin", admin);
    const next = "a-new-and-long-admin-passphrase";

    const wrong = await changeAdminPasswordAction(
      initial,
      form({ currentPassword: "not-it", password: next, confirm: next }),
    );
    expect(wrong).toMatchObject({
      ok: false,
      fieldErrors: { currentPassword: ["Your current password is not correct."] },
    });
    // Secrets are never echoed back to the form.
    expect(wrong.values).toEqual({});
    expect(await sessionIds(db, org.id, admin.id)).toEqual([elsewhere.sid, me.sid].sort());

    const mismatch = await changeAdminPasswordAction(
      initial,
      form({ currentPassword: TEST_PASSWORD, password: next, confirm: `${next}x` }),
    );
    expect(mismatch.fieldErrors?.confirm).toEqual(["The two passwords differ."]);

    const ok = await changeAdminPasswordAction(
      initial,
      form({ currentPassword: TEST_PASSWORD, password: next, confirm: next }),
    );
    expect(ok).toMatchObject({
      ok: true,
      message: "Password changed. 1 other session was logged out.",
    });
    expect(await sessionIds(db, org.id, admin.id)).toEqual([me.sid]);
    expect((await getAdminContext())?.admin.id).toBe(admin.id);
    expect(await authenticateAdmin(db, admin.email, TEST_PASSWORD)).toBeNull();
    expect((await authenticateAdmin(db, admin.email, next))?.uid).toBe(admin.id);
    expect((await auditOf(db, org.id, admin.id)).map((r) => [r.action, r.data])).toContainEqual([
      "admin.password_changed",
      { sessionsEnded: 1 },
    ]);
  });

  it("R-SEC-SESSIONS: an admin renames themself and logs out everywhere else; the session decides whose account, never the form", async () => {
    const db = getTestDb();
    const org = await makeOrg(db);
    const [admin, colleague] = [await makeAdmin(db, org.id), await makeAdmin(db, org.id)];
    const colleagueSession = await signedInClaims(db, "admin", colleague);
    await signedInClaims(db, "admin", admin);
    const me = await logIn("admin", admin);

    const renamed = await renameAdminAction(
      initial,
      form({ name: "  Ada Admin ", adminId: colleague.id }),
    );
    expect(renamed).toMatchObject({ ok: true, message: "Name saved." });
    const names = await db
      .select({ id: s.adminUsers.id, name: s.adminUsers.name })
      .from(s.adminUsers)
      .where(eq(s.adminUsers.orgId, org.id));
    expect(Object.fromEntries(names.map((n) => [n.id, n.name]))).toEqual({
      [admin.id]: "Ada Admin",
      [colleague.id]: colleague.name,
    });
    expect(
      (await renameAdminAction(initial, form({ name: "bad\u0000name" }))).fieldErrors?.name,
    ).toHaveLength(1);

    expect(await endOtherAdminSessionsAction(initial, form({}))).toMatchObject({
      ok: true,
      message: "1 other session logged out.",
    });
    expect(await sessionIds(db, org.id, admin.id)).toEqual([me.sid]);
    expect(await sessionIds(db, org.id, colleague.id)).toEqual([colleagueSession.sid]);
  });

  it("R-SEC-SESSIONS: without a live session every account action answers 'session ended'", async () => {
    const db = getTestDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const claims: SessionTokenClaims = await logIn("admin", admin);
    await closeSession({ claims });
    for (const [action, fd] of [
      [renameAdminAction, form({ name: "X" })],
      [endOtherAdminSessionsAction, form({})],
      [
        changeAdminPasswordAction,
        form({ currentPassword: TEST_PASSWORD, password: "long-enough-pass", confirm: "x" }),
      ],
    ] as const)
      expect(await action(initial, fd)).toMatchObject({ ok: false, message: ENDED });
  });
});
