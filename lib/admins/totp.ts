import { Secret, TOTP } from "otpauth";
import { decryptSecret, encryptSecret, SecretBoxError } from "@/lib/webhooks/secret-box";

/**
 * TOTP (RFC 6238) for admin two-factor: SHA-1, 6 digits, 30 s — what every authenticator app
 * reads from an otpauth:// URI. A code is accepted one step either side of now (clock drift) and
 * only for a step later than the last one used, so a code seen over a shoulder cannot be replayed.
 *
 * At rest the secret is encrypted (AES-256-GCM under AUTH_SECRET, lib/webhooks/secret-box.ts)
 * together with the last used step, bound to the admin's id as associated data: a ciphertext
 * copied onto another admin's row — or onto a webhook — does not decrypt.
 */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
const WINDOW = 1;

type Stored = { secret: string; lastStep: number };

const aad = (adminId: string) => `admin-totp:${adminId}`;

export function newTotpSecret(): string {
  // 160 bits from the platform's CSPRNG (crypto.getRandomValues), the size RFC 4226 recommends.
  return new Secret({ size: 20 }).base32;
}

export function sealTotp(adminId: string, secret: string, lastStep = 0): string {
  return encryptSecret(JSON.stringify({ secret, lastStep } satisfies Stored), aad(adminId));
}

/** The stored secret and last step, or null when it cannot be read (AUTH_SECRET changed, tampering). */
export function openTotp(adminId: string, sealed: string): Stored | null {
  try {
    const value: unknown = JSON.parse(decryptSecret(sealed, aad(adminId)));
    if (
      typeof value === "object" &&
      value !== null &&
      "secret" in value &&
      "lastStep" in value &&
      typeof value.secret === "string" &&
      typeof value.lastStep === "number"
    )
      return { secret: value.secret, lastStep: value.lastStep };
    return null;
  } catch (err) {
    if (err instanceof SecretBoxError || err instanceof SyntaxError) return null;
    throw err;
  }
}

function totp(secret: string, issuer = "Gatehouse", label = "admin") {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
  });
}

/** The otpauth:// URI an authenticator app imports (by QR code or by hand). */
export function totpUri(secret: string, account: string, orgName: string): string {
  return totp(secret, `Gatehouse (${orgName})`, account).toString();
}

export const isTotpCode = (code: string) => /^\d{6}$/.test(code);

/**
 * The time step a code belongs to (within ±1 step of `now`), or null. A step not later than
 * `lastStep` is refused: each code works once.
 */
export function matchTotpStep(
  secret: string,
  code: string,
  lastStep: number,
  now = Date.now(),
): number | null {
  if (!isTotpCode(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  const step = TOTP.counter({ period: TOTP_PERIOD, timestamp: now }) + delta;
  return step > lastStep ? step : null;
}

/** Groups the base32 secret in fours for people typing it into an app. */
export function formatSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}
