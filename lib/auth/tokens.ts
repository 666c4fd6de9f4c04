import type { Db, Tx } from "@/db";
import { consumeAuthToken, insertAuthToken, peekAuthToken } from "@/db/queries/auth-tokens";
import { newUrlToken, sha256Hex } from "@/lib/crypto";

export type LinkKind =
  | "password_reset"
  | "invitation"
  | "email_verification"
  | "key_generation"
  | "email_change"
  | "security_alert";

/** Kinds where a new link must not void the earlier ones (each belongs to its own event). */
const KEEP_EARLIER: ReadonlySet<LinkKind> = new Set(["key_generation", "security_alert"]);

/** Issues a single-use link token; only its hash is stored. Returns the plaintext for the email. */
export async function issueLinkToken(
  db: Db | Tx,
  orgId: string,
  kind: LinkKind,
  subjectId: string,
  ttlSeconds: number,
  data?: Record<string, string>,
) {
  const { token, hash } = newUrlToken();
  // "Generate key" links belong to one request each: a second approval must not void the first
  // link. Each "this wasn't me" link belongs to one change: a second change must not void the first.
  await insertAuthToken(
    db,
    orgId,
    { kind, subjectId, tokenHash: hash, expiresAt: new Date(Date.now() + ttlSeconds * 1000), data },
    { supersede: !KEEP_EARLIER.has(kind) },
  );
  return token;
}

export function checkLinkToken(db: Db, orgId: string, kind: LinkKind, token: string) {
  return peekAuthToken(db, orgId, kind, sha256Hex(token));
}

export function spendLinkToken(db: Db | Tx, orgId: string, kind: LinkKind, token: string) {
  return consumeAuthToken(db, orgId, kind, sha256Hex(token));
}
