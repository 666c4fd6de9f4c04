import { createHash, randomBytes } from "node:crypto";
import { base58Decode, base58Encode } from "../base58";
import { sha256Hex } from "../crypto";

/**
 * API keys look like `gh_<base58>`: 20 random bytes followed by a 4-byte checksum
 * (first bytes of SHA-256 of the random part), so a leaked or mistyped key is recognised
 * without a database lookup. Only the SHA-256 of the whole key is stored.
 */
export const KEY_PREFIX = "gh";
const RANDOM_BYTES = 20;
const CHECKSUM_BYTES = 4;

function checksum(random: Uint8Array): Buffer {
  return createHash("sha256").update(random).digest().subarray(0, CHECKSUM_BYTES);
}

export type NewKey = { key: string; hash: string; start: string };

export function generateKey(prefix = KEY_PREFIX): NewKey {
  const random = randomBytes(RANDOM_BYTES);
  const key = `${prefix}_${base58Encode(Buffer.concat([random, checksum(random)]))}`;
  return { key, hash: sha256Hex(key), start: key.slice(0, prefix.length + 1 + 6) };
}

/** True when the key has our shape and its checksum matches. */
export function isWellFormedKey(key: string, prefix = KEY_PREFIX): boolean {
  if (!key.startsWith(`${prefix}_`) || key.length > 80) return false;
  const bytes = base58Decode(key.slice(prefix.length + 1));
  if (!bytes || bytes.length !== RANDOM_BYTES + CHECKSUM_BYTES) return false;
  const random = bytes.subarray(0, RANDOM_BYTES);
  return Buffer.from(bytes.subarray(RANDOM_BYTES)).equals(checksum(random));
}

export function hashKey(key: string): string {
  return sha256Hex(key);
}
