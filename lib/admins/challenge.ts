import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * The login challenge: proof that a password was just verified, carried from the password step
 * to the code step of an admin login. Signed with HMAC-SHA256 under a key derived from
 * AUTH_SECRET for this purpose only; valid for 5 minutes and only while the admin's session
 * version is unchanged (a password change or disable voids it). It grants nothing alone: the code
 * step also needs a valid TOTP or recovery code.
 */
export const CHALLENGE_TTL_SECONDS = 5 * 60;
const INFO = "gatehouse/admin-login-challenge/v1";

export type ChallengeClaims = {
  adminId: string;
  orgId: string;
  sv: number;
};

type Payload = { a: string; o: string; sv: number; exp: number };

let cached: { authSecret: string; key: Buffer } | undefined;
function key(): Buffer {
  const authSecret = env().AUTH_SECRET;
  if (cached?.authSecret !== authSecret)
    cached = { authSecret, key: Buffer.from(hkdfSync("sha256", authSecret, "", INFO, 32)) };
  return cached.key;
}

const mac = (body: string) => createHmac("sha256", key()).update(body).digest();

export function signChallenge(c: ChallengeClaims, now = Date.now()): string {
  const payload: Payload = {
    a: c.adminId,
    o: c.orgId,
    sv: c.sv,
    exp: Math.floor(now / 1000) + CHALLENGE_TTL_SECONDS,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(body).toString("base64url")}`;
}

/** The claims of an authentic, unexpired challenge; null for anything else. */
export function verifyChallenge(challenge: string, now = Date.now()): ChallengeClaims | null {
  const [body, sig, extra] = challenge.split(".");
  if (!body || !sig || extra !== undefined) return null;
  const given = Buffer.from(sig, "base64url");
  const expected = mac(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let p: Partial<Payload>;
  try {
    p = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<Payload>;
  } catch {
    return null;
  }
  if (
    typeof p.a !== "string" ||
    typeof p.o !== "string" ||
    typeof p.sv !== "number" ||
    typeof p.exp !== "number" ||
    p.exp * 1000 <= now
  )
    return null;
  return { adminId: p.a, orgId: p.o, sv: p.sv };
}
