import { randomBytes, timingSafeEqual } from "node:crypto";
import { base58Encode } from "@/lib/base58";
import { sha256Hex } from "@/lib/crypto";
import { generateKey } from "@/lib/keys/format";

/**
 * OAuth client credentials (R-OAUTH-CLIENTS). The client id is public (`ghc_…`, it appears in
 * logs and tokens); the secret (`ghs_…`, the key format with its checksum, so a leaked secret is
 * recognised) is shown once and stored as its SHA-256 only.
 */
export const CLIENT_ID_PREFIX = "ghc";
export const CLIENT_SECRET_PREFIX = "ghs";

export function newClientId(): string {
  return `${CLIENT_ID_PREFIX}_${base58Encode(randomBytes(16))}`;
}

export function newClientSecret(): { secret: string; hash: string } {
  const { key, hash } = generateKey(CLIENT_SECRET_PREFIX);
  return { secret: key, hash };
}

/**
 * The hash of a client's credential row in `keys`: of random bytes nobody holds, so no API key
 * (and no string anyone can send) ever matches it; the gateway reaches the row only through a
 * verified access token.
 */
export function newCredentialHash(): string {
  return sha256Hex(`oauth-credential:${base58Encode(randomBytes(32))}`);
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
