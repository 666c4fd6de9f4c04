import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { env } from "@/lib/env";

// scrypt (memory-hard) from Node's own crypto: no native addon to build, same on every host.
// OWASP Password Storage Cheat Sheet: N=2^17, r=8, p=1 (128 MiB per hash). At most as many
// hashes run at once as libuv has threads (4 by default), so memory stays bounded; logins are
// throttled before any hash is computed (lib/throttle). The parameters live in each stored hash,
// and a hash made with weaker ones is replaced at the next successful login (needsRehash).
export const PASSWORD_HASH_PARAMS = { N: 1 << 17, r: 8, p: 1 } as const;

/** The parameters new hashes get: OWASP's, unless the test suite lowered N (never in production). */
export function currentHashParams(): Params {
  return { ...PASSWORD_HASH_PARAMS, N: 1 << env().PASSWORD_HASH_LOG2N };
}
const KEYLEN = 32;
// Node refuses scrypt above maxmem (default 32 MiB); 128·N·r bytes are needed, plus headroom.
const MAXMEM = 256 * 1024 * 1024;

type Params = { N: number; r: number; p: number };

/**
 * How many stored hashes were checked in this process, and the scrypt cost (N) of the last one
 * (tests count these; never time).
 */
export const passwordCheckCounter = { checks: 0, lastCost: 0 };

/** NFKC first: the same password typed on two keyboards (é vs e + ◌́) is one password. */
export function normalisePassword(password: string): string {
  return password.normalize("NFKC");
}

function derive(password: string, salt: Buffer, o: Params) {
  const options: ScryptOptions = { ...o, maxmem: MAXMEM };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(normalisePassword(password), salt, KEYLEN, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Returns `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(
  password: string,
  params: Params = currentHashParams(),
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

function parse(stored: string): (Params & { salt: string; hash: string }) | null {
  const [alg, n, r, p, salt, hash] = stored.split("$");
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Bounded parameters: a corrupted or hostile hash must not cost seconds or throw.
  const sane =
    Number.isInteger(params.N) &&
    params.N >= 1024 &&
    params.N <= PASSWORD_HASH_PARAMS.N &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 16 &&
    128 * params.N * params.r < MAXMEM &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 4;
  if (alg !== "scrypt" || !salt || !hash || !sane) return null;
  return { ...params, salt, hash };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  passwordCheckCounter.checks += 1;
  const parsed = parse(stored);
  if (!parsed) return false;
  passwordCheckCounter.lastCost = parsed.N;
  const expected = Buffer.from(parsed.hash, "base64url");
  try {
    const key = await derive(password, Buffer.from(parsed.salt, "base64url"), parsed);
    return key.length === expected.length && timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker parameters than today's (rehash at login). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  const now = currentHashParams();
  return parsed.N < now.N || parsed.r < now.r || parsed.p < now.p;
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so unknown emails answer as slowly as wrong passwords. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword("not-a-real-password");
  await verifyPassword(password, await dummy);
  return false;
}

/**
 * A login's password check: when the password is right and its stored hash was made with weaker
 * parameters than today's, a new hash is made and handed to `save` (R-SEC-PASSWORDS: rehash on
 * login when parameters rise). The password itself is known only at this moment.
 */
export async function verifyPasswordAndRehash(
  password: string,
  stored: string,
  save: (hash: string) => Promise<unknown>,
): Promise<boolean> {
  const ok = await verifyPassword(password, stored);
  if (ok && needsRehash(stored)) await save(await hashPassword(password));
  return ok;
}
