import type { Db, Tx } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { getDeveloper } from "@/db/queries/developers";
import {
  deleteSession,
  deleteStaleSubjectSessions,
  deleteSubjectSessions,
  getSession,
  insertSession,
  listSubjectSessions,
  type SessionSubject,
  touchSession,
} from "@/db/queries/sessions";
import type { Session } from "@/db/schema";
import { type Outcome, done, failed } from "@/lib/outcome";
import { env } from "@/lib/env";
import {
  type SessionLimits,
  sessionLimits,
  sessionVerdict,
  shouldTouch,
  type SubjectType,
} from "./policy";

export type { SessionSubject, SubjectType };

/** A session as the JWT names it: its id and whose it claims to be. */
export type SessionRef = SessionSubject & { sessionId: string };

/** The clock and limits; tests inject both, the app takes the time now and lib/env's limits. */
export type SessionClock = { now?: Date; limits?: SessionLimits };

function resolve(subjectType: SubjectType, o: SessionClock) {
  return { now: o.now ?? new Date(), limits: o.limits ?? sessionLimits(env(), subjectType) };
}

/** What the login request said about the browser; shown in the Sessions lists only. */
export type ClientInfo = { userAgent: string; ipAddress: string };

/**
 * A login: one row, absolute expiry fixed now. The subject's dead rows (expired or idle) are
 * removed on the way, so the table holds little more than live sessions.
 */
export async function startSession(
  db: Db,
  subject: SessionSubject,
  client: ClientInfo,
  clock: SessionClock = {},
): Promise<Session> {
  const { now, limits } = resolve(subject.subjectType, clock);
  await deleteStaleSubjectSessions(db, subject, now, new Date(now.getTime() - limits.idleMs));
  return insertSession(db, subject, {
    ...client,
    now,
    expiresAt: new Date(now.getTime() + limits.absoluteMs),
  });
}

/**
 * The session a request presents, if it still counts: found by id AND organisation AND subject,
 * not past its absolute expiry, not idle. A dead row is deleted; a live one is touched (at most
 * once a minute). Null means "not signed in".
 */
export async function checkSession(
  db: Db,
  ref: SessionRef,
  clock: SessionClock = {},
): Promise<Session | null> {
  const { now, limits } = resolve(ref.subjectType, clock);
  const row = await getSession(db, ref, ref.sessionId);
  if (!row) return null;
  if (sessionVerdict(row, limits, now) !== "active") {
    await deleteSession(db, ref, row.id);
    return null;
  }
  if (shouldTouch(row.lastSeenAt, limits, now)) {
    await touchSession(db, ref, row.id, now);
    return { ...row, lastSeenAt: now };
  }
  return row;
}

/** The subject's live sessions, most recently active first. */
export async function listActiveSessions(
  db: Db,
  subject: SessionSubject,
  clock: SessionClock = {},
): Promise<Session[]> {
  const { now, limits } = resolve(subject.subjectType, clock);
  const rows = await listSubjectSessions(db, subject);
  return rows.filter((r) => sessionVerdict(r, limits, now) === "active");
}

/** Logout: the row goes, so the cookie (and any copy of it) is refused from now on. */
export async function endSession(db: Db, ref: SessionRef): Promise<boolean> {
  return (await deleteSession(db, ref, ref.sessionId)) > 0;
}

/**
 * Ends every session of one admin or developer ("log out everywhere"), optionally but one
 * (the caller's own). Only rows of `orgId` are touched: another organisation's ids match nothing.
 * Returns how many sessions ended. Callers that act for someone else write the audit row
 * (endDeveloperSessions below; the Team page for admins).
 */
export async function endSessions(
  db: Db | Tx,
  orgId: string,
  subjectType: SubjectType,
  subjectId: string,
  { exceptSessionId }: { exceptSessionId?: string } = {},
): Promise<number> {
  return deleteSubjectSessions(db, { orgId, subjectType, subjectId }, exceptSessionId);
}

/** A signed-in user ends one of their own sessions, or all but the current one. */
export async function endOwnSessions(
  db: Db,
  ref: SessionRef,
  target: { sessionId: string } | "others",
): Promise<Outcome<{ ended: number }>> {
  if (target !== "others" && target.sessionId === ref.sessionId)
    return failed("invalid", "To end this session, use Log out.");
  return db.transaction(async (tx) => {
    const ended =
      target === "others"
        ? await endSessions(tx, ref.orgId, ref.subjectType, ref.subjectId, {
            exceptSessionId: ref.sessionId,
          })
        : await deleteSession(tx, ref, target.sessionId);
    if (target !== "others" && ended === 0)
      return failed("not_found", "This session has already ended.");
    await insertAudit(tx, ref.orgId, {
      actorType: ref.subjectType,
      actorId: ref.subjectId,
      action: `${ref.subjectType}.sessions_ended`,
      targetType: ref.subjectType,
      targetId: ref.subjectId,
      data: { ended, scope: target === "others" ? "others" : "one" },
    });
    return done(
      { ended },
      target === "others"
        ? ended === 1
          ? "1 other session logged out."
          : `${ended} other sessions logged out.`
        : "Session logged out.",
    );
  });
}

/** An admin ends every session of a developer of their organisation (R-SEC-SESSIONS). */
export async function endDeveloperSessions(
  db: Db,
  orgId: string,
  developerId: string,
  actor: { adminId: string },
): Promise<Outcome<{ ended: number }>> {
  if (!(await getDeveloper(db, orgId, developerId)))
    return failed("not_found", "Developer not found.");
  return db.transaction(async (tx) => {
    const ended = await endSessions(tx, orgId, "developer", developerId);
    await insertAudit(tx, orgId, {
      actorType: "admin",
      actorId: actor.adminId,
      action: "developer.sessions_ended",
      targetType: "developer",
      targetId: developerId,
      data: { ended },
    });
    return done({ ended }, ended === 1 ? "1 session ended." : `${ended} sessions ended.`);
  });
}
