import { randomBytes } from "node:crypto";
import { base58Encode } from "./base58";

/** Prefixed, URL-safe ids (`dev_3hK9…`) that read well in logs and URLs, as unkey does. */
export type IdPrefix =
  | "org"
  | "adm"
  | "dev"
  | "api"
  | "pol"
  | "cat"
  | "key"
  | "kreq"
  | "oac"
  | "osk"
  | "oat"
  | "tok"
  | "mail"
  | "whk"
  | "whd"
  | "atk"
  | "aud"
  | "kru"
  | "ses";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${base58Encode(randomBytes(12))}`;
}
