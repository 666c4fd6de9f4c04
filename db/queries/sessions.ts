import { and, desc, eq, lt, ne, or, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../index";
import { type Session, sessions } from "../schema";

/** Whose sessions: every query below is scoped to one subject of one organisation. */
export type SessionSubject = {
  orgId: string;
  subjectType: Session["subjectType"];
  subjectId: string;
};

function ofSubject(s: SessionSubject): SQL {
  const where = and(
    eq(sessions.orgId, s.orgId),
    eq(sessions.subjectType, s.subjectType),
    eq(sessions.subjectId, s.subjectId),
  );
  if (!where) throw new Error("unreachable: and() of three conditions");
  return where;
}

export async function insertSession(
  db: Db | Tx,
  subject: SessionSubject,
  values: { userAgent: string; ipAddress: string; now: Date; expiresAt: Date },
): Promise<Session> {
  const [row] = await db
    .insert(sessions)
    .values({
      ...subject,
      userAgent: values.userAgent,
      ipAddress: values.ipAddress,
      createdAt: values.now,
      lastSeenAt: values.now,
      expiresAt: values.expiresAt,
    })
    .returning();
  if (!row) throw new Error("session insert returned nothing");
  return row;
}

/** One session by id, only when it belongs to this subject of this organisation. */
export async function getSession(db: Db | Tx, subject: SessionSubject, sessionId: string) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(ofSubject(subject), eq(sessions.id, sessionId)))
    .limit(1);
  return row ?? null;
}

/** Records activity; only moves lastSeenAt forward (concurrent requests never move it back). */
export async function touchSession(
  db: Db | Tx,
  subject: SessionSubject,
  sessionId: string,
  now: Date,
) {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(and(ofSubject(subject), eq(sessions.id, sessionId), lt(sessions.lastSeenAt, now)));
}

/** A subject's sessions, most recently active first (served by sessions_subject_idx). */
export async function listSubjectSessions(db: Db | Tx, subject: SessionSubject) {
  return db
    .select()
    .from(sessions)
    .where(ofSubject(subject))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt));
}

/** Deletes one session of this subject; returns how many rows went (0 or 1). */
export async function deleteSession(db: Db | Tx, subject: SessionSubject, sessionId: string) {
  const rows = await db
    .delete(sessions)
    .where(and(ofSubject(subject), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Deletes every session of this subject, but `exceptSessionId`; returns how many went. */
export async function deleteSubjectSessions(
  db: Db | Tx,
  subject: SessionSubject,
  exceptSessionId?: string,
) {
  const rows = await db
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(ofSubject(subject), ne(sessions.id, exceptSessionId))
        : ofSubject(subject),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

/** Housekeeping at login: this subject's sessions that are past their absolute or idle limit. */
export async function deleteStaleSubjectSessions(
  db: Db | Tx,
  subject: SessionSubject,
  now: Date,
  idleSince: Date,
) {
  await db
    .delete(sessions)
    .where(
      and(ofSubject(subject), or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince))),
    );
}
