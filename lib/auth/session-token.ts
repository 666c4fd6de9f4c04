import { encode, type JWT, type JWTEncodeParams } from "next-auth/jwt";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { getDb } from "@/db";
import { type ClientInfo, endSession, startSession } from "@/lib/sessions/sessions";
import { hasUnsafeText } from "@/lib/validation/text";
import type { SessionClaims } from "./credentials";

/**
 * What the session JWT carries (R-SEC-SESSIONS): who (kind, uid), where (orgId), the account's
 * session version at login, the server-side session's id (`sid`) and its absolute expiry (`xp`,
 * epoch seconds). The guards load the `sid` row; the JWT alone is never enough.
 */
export const sessionClaimsSchema = z.object({
  kind: z.enum(["admin", "developer"]),
  uid: z.string(),
  orgId: z.string(),
  sv: z.number().int(),
  sid: z.string(),
  xp: z.number().int(),
});
export type SessionTokenClaims = z.infer<typeof sessionClaimsSchema>;

const MAX_USER_AGENT = 400;
// What next-auth's encode() assumes when no maxAge is passed (it always passes one).
const NEXT_AUTH_DEFAULT_MAX_AGE = 30 * 24 * 3600;

/** Only a well-formed address is kept (the Sessions list shows it; it is never trusted). */
function cleanAddress(value: string | null | undefined): string {
  const v = value?.trim() ?? "";
  return v && ipaddr.isValid(v) ? ipaddr.process(v).toString() : "";
}

/**
 * Browser and address of a login request, for the Sessions lists. The address is what the
 * nearest proxy reports (X-Real-IP, else the last X-Forwarded-For hop); display only.
 */
export function clientInfoFromHeaders(headers: Headers | undefined): ClientInfo {
  const ua = headers?.get("user-agent") ?? "";
  const forwarded = headers?.get("x-forwarded-for")?.split(",").at(-1);
  return {
    userAgent: hasUnsafeText(ua) ? "" : ua.slice(0, MAX_USER_AGENT),
    ipAddress: cleanAddress(headers?.get("x-real-ip")) || cleanAddress(forwarded),
  };
}

/** At login (the jwt callback with a user): the server-side session row and the token's claims. */
export async function openSession(
  claims: SessionClaims,
  client: ClientInfo | undefined,
): Promise<SessionTokenClaims> {
  const row = await startSession(
    getDb(),
    { orgId: claims.orgId, subjectType: claims.kind, subjectId: claims.uid },
    client ?? { userAgent: "", ipAddress: "" },
  );
  return { ...claims, sid: row.id, xp: Math.floor(row.expiresAt.getTime() / 1000) };
}

/** Logout (next-auth's signOut event): deletes the row, so a copy of the cookie is refused. */
export async function closeSession(token: JWT | null | undefined): Promise<void> {
  const claims = sessionClaimsSchema.safeParse(token?.claims);
  if (!claims.success) return;
  const c = claims.data;
  await endSession(getDb(), {
    orgId: c.orgId,
    subjectType: c.kind,
    subjectId: c.uid,
    sessionId: c.sid,
  });
}

/** Seconds a re-issued token may live: never past its session's absolute expiry. */
export function cappedMaxAge(token: JWT | undefined, maxAge: number, nowMs = Date.now()): number {
  const claims = sessionClaimsSchema.safeParse(token?.claims);
  if (!claims.success) return maxAge;
  return Math.max(0, Math.min(maxAge, claims.data.xp - Math.floor(nowMs / 1000)));
}

/**
 * next-auth's own JWT encoding, with the lifetime capped: every GET /api/auth/session re-issues
 * the cookie, and that must not carry a token beyond the row's absolute expiry.
 */
export function encodeSessionToken(params: JWTEncodeParams): Promise<string> {
  const maxAge = params.maxAge ?? NEXT_AUTH_DEFAULT_MAX_AGE;
  return encode({ ...params, maxAge: cappedMaxAge(params.token, maxAge) });
}
