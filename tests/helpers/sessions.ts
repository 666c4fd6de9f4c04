import type { Db } from "@/db";
import type { SessionTokenClaims } from "@/lib/auth/session-token";
import { startSession } from "@/lib/sessions/sessions";

type Account = { id: string; orgId: string; sessionVersion: number };

/**
 * What a login puts in the JWT (R-SEC-SESSIONS): the account's claims and a real server-side
 * session row. Tests that replace next-auth's auth() answer with these claims.
 */
export async function signedInClaims(
  db: Db,
  kind: "admin" | "developer",
  account: Account,
  client = { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", ipAddress: "192.0.2.1" },
): Promise<SessionTokenClaims> {
  const row = await startSession(
    db,
    { orgId: account.orgId, subjectType: kind, subjectId: account.id },
    client,
  );
  return {
    kind,
    uid: account.id,
    orgId: account.orgId,
    sv: account.sessionVersion,
    sid: row.id,
    xp: Math.floor(row.expiresAt.getTime() / 1000),
  };
}
