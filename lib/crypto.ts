import { createHash, randomBytes } from "node:crypto";
import { base58Encode } from "./base58";

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** A random URL-safe token for single-use links; only its SHA-256 is stored. */
export function newUrlToken(): { token: string; hash: string } {
  const token = base58Encode(randomBytes(24));
  return { token, hash: sha256Hex(token) };
}
