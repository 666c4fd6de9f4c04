import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { changeOwnPassword } from "@/lib/developers/profile";
import { setDeveloperStatus } from "@/lib/developers/admin";
import type { SessionLimits } from "@/lib/sessions/policy";
import {
  checkSession,
  endDeveloperSessions,
  endOwnSessions,
  endSession,
  endSessions,
  listActiveSessions,
  type SessionRef,
  type SessionSubject,
  startSession,
} from "@/lib/sessions/sessions";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg, TEST_PASSWORD } from "../helpers/db";
import { auditOf } from "../helpers/dev-fixtures";

const MIN = 60_000;
const HOUR = 60 * MIN;
// The admin defaults (30 min idle, 12 h absolute), passed explicitly with an injected clock.
const LIMITS: SessionLimits = { idleMs: 30 * MIN, absoluteMs: 12 * HOUR };
const T0 = new Date("2026-03-01T09:00:00Z");
const at = (ms: number) => ({ now: new Date(T0.getTime() + ms), limits: LIMITS });
const CLIENT = {
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
  ipAddress: "192.0.2.7",
};

function devSubject(orgId: string, id: string): SessionSubject {
  return { orgId, subjectType: "developer", subjectId: id };
}
const refOf = (row: s.Session): SessionRef => ({
  orgId: row.orgId,
  subjectType: row.subjectType,
  subjectId: row.subjectId,
  sessionId: row.id,
});

async function rowExists(db: Db, id: string): Promise<boolean> {
  const rows = await db.select().from(s.sessions).where(eq(s.sessions.id, id));
  return rows.length === 1;
}

async function developerSessions(db: Db, orgId: string, devId: string) {
  return db
    .select()
    .from(s.sessions)
    .where(and(eq(s.sessions.orgId, orgId), eq(s.sessions.subjectId, devId)));
}

describeEachDb("R-SEC-SESSIONS: server-side sessions (lib/sessions)", (getDb) => {
  it("R-SEC-SESSIONS: a login creates a row with browser, address, and absolute expiry; it counts until logout deletes it", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const row = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    expect(row.id).toMatch(/^ses_/);
    expect(row).toMatchObject({
      orgId: org.id,
      subjectType: "developer",
      subjectId: dev.id,
      userAgent: CLIENT.userAgent,
      ipAddress: CLIENT.ipAddress,
    });
    expect(row.createdAt.getTime()).toBe(T0.getTime());
    expect(row.expiresAt.getTime()).toBe(T0.getTime() + 12 * HOUR);
    expect((await checkSession(db, refOf(row), at(5 * MIN)))?.id).toBe(row.id);

    expect(await endSession(db, refOf(row))).toBe(true);
    expect(await checkSession(db, refOf(row), at(6 * MIN))).toBeNull();
    expect(await endSession(db, refOf(row))).toBe(false);
  });

  it("R-SEC-SESSIONS: idle timeout — activity keeps a session alive, 30 minutes without a request ends it (and deletes the row)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const subject: SessionSubject = { orgId: org.id, subjectType: "admin", subjectId: admin.id };
    const row = await startSession(db, subject, CLIENT, at(0));
    const ref = refOf(row);
    // Active at +20 min (lastSeenAt moves), so +45 min is 25 min idle: still fine.
    expect((await checkSession(db, ref, at(20 * MIN)))?.lastSeenAt).toEqual(at(20 * MIN).now);
    expect(await checkSession(db, ref, at(45 * MIN))).not.toBeNull();
    // +45 min → +75 min is exactly the idle timeout: refused.
    expect(await checkSession(db, ref, at(75 * MIN))).toBeNull();
    expect(await rowExists(db, row.id)).toBe(false);
  });

  it("R-SEC-SESSIONS: lastSeenAt is written at most once a minute", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const row = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    await checkSession(db, refOf(row), at(30_000));
    const [afterHalfMinute] = await developerSessions(db, org.id, dev.id);
    expect(afterHalfMinute?.lastSeenAt.getTime()).toBe(T0.getTime());
    await checkSession(db, refOf(row), at(61_000));
    const [afterMinute] = await developerSessions(db, org.id, dev.id);
    expect(afterMinute?.lastSeenAt.getTime()).toBe(T0.getTime() + 61_000);
  });

  it("R-SEC-SESSIONS: absolute timeout — a session used every 20 minutes still ends 12 hours after login", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const row = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    for (let t = 20 * MIN; t < 12 * HOUR; t += 20 * MIN)
      expect(await checkSession(db, refOf(row), at(t)), `at +${t / MIN} min`).not.toBeNull();
    expect(await checkSession(db, refOf(row), at(12 * HOUR))).toBeNull();
    expect(await rowExists(db, row.id)).toBe(false);
  });

  it("R-SEC-SESSIONS: the list shows only this subject's live sessions of this organisation", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const [devA, devA2, devB] = [
      await makeDeveloper(db, a.id),
      await makeDeveloper(db, a.id),
      await makeDeveloper(db, b.id),
    ];
    const mine1 = await startSession(db, devSubject(a.id, devA.id), CLIENT, at(0));
    const mine2 = await startSession(db, devSubject(a.id, devA.id), CLIENT, at(10 * MIN));
    await startSession(db, devSubject(a.id, devA2.id), CLIENT, at(0));
    await startSession(db, devSubject(b.id, devB.id), CLIENT, at(0));
    // The same subject id under another organisation (a forged row) is not listed either.
    await startSession(db, devSubject(b.id, devA.id), CLIENT, at(0));

    const listed = await listActiveSessions(db, devSubject(a.id, devA.id), at(15 * MIN));
    expect(listed.map((r) => r.id)).toEqual([mine2.id, mine1.id]);
    // Idle rows are not listed: at +41 min the first (last seen at 0) is idle, the second not.
    const later = await listActiveSessions(db, devSubject(a.id, devA.id), at(35 * MIN));
    expect(later.map((r) => r.id)).toEqual([mine2.id]);
  });

  it("R-SEC-SESSIONS: endSessions ends all of a subject's sessions but the current one, and nobody else's", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const [dev, other] = [await makeDeveloper(db, org.id), await makeDeveloper(db, org.id)];
    const current = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const s2 = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const s3 = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const others = await startSession(db, devSubject(org.id, other.id), CLIENT, at(0));

    expect(
      await endSessions(db, org.id, "developer", dev.id, { exceptSessionId: current.id }),
    ).toBe(2);
    expect(await checkSession(db, refOf(current), at(MIN))).not.toBeNull();
    expect(await checkSession(db, refOf(s2), at(MIN))).toBeNull();
    expect(await checkSession(db, refOf(s3), at(MIN))).toBeNull();
    expect(await checkSession(db, refOf(others), at(MIN))).not.toBeNull();

    expect(await endSessions(db, org.id, "developer", dev.id)).toBe(1);
    expect(await checkSession(db, refOf(current), at(2 * MIN))).toBeNull();
  });

  it("R-SEC-SESSIONS: a user ends one own session or all others (audited); their current one only through Log out", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const current = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const laptop = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const phone = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const tablet = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const me = refOf(current);

    expect(await endOwnSessions(db, me, { sessionId: laptop.id })).toMatchObject({
      ok: true,
      message: "Session logged out.",
    });
    expect(await rowExists(db, laptop.id)).toBe(false);
    expect(await endOwnSessions(db, me, { sessionId: laptop.id })).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(await endOwnSessions(db, me, { sessionId: current.id })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await endOwnSessions(db, me, "others")).toMatchObject({
      ok: true,
      message: "2 other sessions logged out.",
    });
    expect([await rowExists(db, phone.id), await rowExists(db, tablet.id)]).toEqual([false, false]);
    expect(await rowExists(db, current.id)).toBe(true);
    const audit = await auditOf(db, org.id, dev.id);
    expect(audit.map((r) => [r.action, r.actorId, r.data])).toEqual([
      ["developer.sessions_ended", dev.id, { ended: 1, scope: "one" }],
      ["developer.sessions_ended", dev.id, { ended: 2, scope: "others" }],
    ]);
  });

  it("R-SEC-SESSIONS: another organisation's session ids are refused everywhere (check, end one, end all, admin end)", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const devA = await makeDeveloper(db, a.id);
    const devB = await makeDeveloper(db, b.id);
    const adminB = await makeAdmin(db, b.id);
    const victim = await startSession(db, devSubject(a.id, devA.id), CLIENT, at(0));
    const attacker = await startSession(db, devSubject(b.id, devB.id), CLIENT, at(0));

    // The JWT names A's session id but claims organisation B (or B's developer): not a session.
    expect(await checkSession(db, { ...refOf(victim), orgId: b.id }, at(MIN))).toBeNull();
    expect(
      await checkSession(db, { ...refOf(victim), orgId: b.id, subjectId: devB.id }, at(MIN)),
    ).toBeNull();
    // B's developer tries to log out A's session from their own Sessions list.
    expect(await endOwnSessions(db, refOf(attacker), { sessionId: victim.id })).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    // B's admin (or B's Team page) names A's developer.
    expect(await endSessions(db, b.id, "developer", devA.id)).toBe(0);
    expect(await endDeveloperSessions(db, b.id, devA.id, { adminId: adminB.id })).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(await rowExists(db, victim.id)).toBe(true);
    expect(await checkSession(db, refOf(victim), at(2 * MIN))).not.toBeNull();
    expect(await auditOf(db, b.id, devA.id)).toEqual([]);
  });

  it("R-SEC-SESSIONS: an admin ends every session of a developer, with an audit row developer.sessions_ended", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    const one = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const two = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const r = await endDeveloperSessions(db, org.id, dev.id, { adminId: admin.id });
    expect(r).toMatchObject({ ok: true, message: "2 sessions ended.", value: { ended: 2 } });
    expect(await checkSession(db, refOf(one), at(MIN))).toBeNull();
    expect(await checkSession(db, refOf(two), at(MIN))).toBeNull();
    const audit = await auditOf(db, org.id, dev.id);
    expect(audit.map((x) => [x.action, x.actorType, x.actorId, x.data])).toEqual([
      ["developer.sessions_ended", "admin", admin.id, { ended: 2 }],
    ]);
  });

  it("R-SEC-SESSIONS: a password change or deactivation deletes the developer's session rows (they leave the list too)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    await startSession(db, devSubject(org.id, dev.id), CLIENT);
    await startSession(db, devSubject(org.id, dev.id), CLIENT);
    expect(
      await changeOwnPassword(db, dev, TEST_PASSWORD, "another-long-passphrase"),
    ).toMatchObject({ ok: true });
    expect(await developerSessions(db, org.id, dev.id)).toEqual([]);

    await startSession(db, devSubject(org.id, dev.id), CLIENT);
    await setDeveloperStatus(db, org.id, dev.id, "inactive", {
      actorType: "admin",
      actorId: admin.id,
    });
    expect(await developerSessions(db, org.id, dev.id)).toEqual([]);
  });

  it("R-SEC-SESSIONS: a login removes the subject's dead rows (expired or idle) on the way", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const old = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(0));
    const fresh = await startSession(db, devSubject(org.id, dev.id), CLIENT, at(31 * MIN));
    expect(await rowExists(db, old.id)).toBe(false);
    expect(await rowExists(db, fresh.id)).toBe(true);
  });
});
