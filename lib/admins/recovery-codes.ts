import { randomInt } from "node:crypto";
import { sha256Hex } from "@/lib/crypto";

/**
 * Recovery codes: ten one-time codes shown once at enrolment, for when the authenticator is lost.
 * 10 characters from 31 unambiguous ones (~49 bits) each: high enough entropy that a SHA-256
 * hash is safe storage (no password-grade hashing needed), and each works once.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

const digest = (normalized: string) => sha256Hex(`recovery:${normalized}`);

/** Ten new codes (to show once, as `xxxxx-xxxxx`) and the hashes to store. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const raw = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  );
  return { codes: raw.map((r) => `${r.slice(0, 5)}-${r.slice(5)}`), hashes: raw.map(digest) };
}

/** What a person typed, without case, spaces or dashes; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  const v = input.toLowerCase().replace(/[\s-]/g, "");
  return v.length === LENGTH && [...v].every((c) => ALPHABET.includes(c)) ? v : null;
}

/** The stored hash of a typed recovery code, or null when it cannot be one. */
export function hashRecoveryCode(input: string): string | null {
  const normalized = normalizeRecoveryCode(input);
  return normalized ? digest(normalized) : null;
}
