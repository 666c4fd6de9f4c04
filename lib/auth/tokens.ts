import type { Db } from "@/db";
import { consumeAuthToken, insertAuthToken, peekAuthToken } from "@/db/queries/auth-tokens";
import { newUrlToken, sha256Hex } from "@/lib/crypto";

export type LinkKind = "password_reset" | "invitation" | "email_verification" | "key_generation";

/** Issues a single-use link token; only its hash is stored. Returns the plaintext for the email. */
export async function issueLinkToken(
  db: Db,
  orgId: string,
  kind: LinkKind,
  subjectId: string,
  ttlSeconds: number,
  data?: Record<string, string>,
) {
  const { token, hash } = newUrlToken();
  // "Generate key" links belong to one request each: a second approval must not void the first link.
  await insertAuthToken(
    db,
    orgId,
    { kind, subjectId, tokenHash: hash, expiresAt: new Date(Date.now() + ttlSeconds * 1000), data },
    { supersede: kind !== "key_generation" },
  );
  return token;
}

export function checkLinkToken(db: Db, orgId: string, kind: LinkKind, token: string) {
  return peekAuthToken(db, orgId, kind, sha256Hex(token));
}

export function spendLinkToken(db: Db, orgId: string, kind: LinkKind, token: string) {
  return consumeAuthToken(db, orgId, kind, sha256Hex(token));
}
