import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { base58Encode } from "@/lib/base58";
import { env } from "@/lib/env";

/**
 * Webhook signing secrets at rest. HMAC needs the secret itself, so it cannot be hashed like a
 * key: it is encrypted with AES-256-GCM under a key derived from AUTH_SECRET (HKDF-SHA256 with a
 * purpose-specific info string, so the derived key is useless for anything else AUTH_SECRET
 * protects). A database dump alone does not reveal any secret.
 *
 * Stored form: `v1.` + base64url(iv ‖ tag ‖ ciphertext). The webhook id is bound in as associated
 * data, so a ciphertext copied onto another endpoint's row does not decrypt.
 */
const VERSION = "v1";
const INFO = "gatehouse/webhook-secret/v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const SECRET_PREFIX = "whsec_";

function keyFrom(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "", INFO, 32));
}

let cached: { authSecret: string; key: Buffer } | undefined;
function key(authSecret: string): Buffer {
  if (cached?.authSecret !== authSecret) cached = { authSecret, key: keyFrom(authSecret) };
  return cached.key;
}

export class SecretBoxError extends Error {
  name = "SecretBoxError";
}

export function encryptSecret(
  plaintext: string,
  webhookId: string,
  authSecret = env().AUTH_SECRET,
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(authSecret), iv);
  cipher.setAAD(Buffer.from(webhookId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

/** Throws SecretBoxError when the value was tampered with, belongs to another endpoint, or AUTH_SECRET changed. */
export function decryptSecret(
  stored: string,
  webhookId: string,
  authSecret = env().AUTH_SECRET,
): string {
  const [version, body] = stored.split(".", 2);
  if (version !== VERSION || !body) throw new SecretBoxError("Unknown webhook secret format");
  const raw = Buffer.from(body, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new SecretBoxError("Webhook secret is truncated");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(authSecret), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(webhookId, "utf8"));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretBoxError(
      "Webhook secret cannot be decrypted (was AUTH_SECRET changed?); rotate the endpoint's secret",
    );
  }
}

/** A new signing secret: `whsec_` + base58 of 24 random bytes (192 bits). */
export function newWebhookSecret(): { secret: string; start: string } {
  const secret = `${SECRET_PREFIX}${base58Encode(randomBytes(24))}`;
  return { secret, start: secret.slice(0, SECRET_PREFIX.length + 4) };
}
