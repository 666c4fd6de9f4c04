import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import type { Db } from "@/db";
import { insertSigningKey, listSigningKeys, lockOrgForSigningKey } from "@/db/queries/oauth";
import { newId } from "@/lib/ids";
import { decryptSecret, encryptSecret } from "@/lib/webhooks/secret-box";

/**
 * Per-organisation signing keys of access tokens (RFC 9068). ES256: small tokens, fast to verify
 * on the gateway's path. The private JWK is stored AES-256-GCM encrypted under AUTH_SECRET (the
 * webhook secret box, bound to the key id), the public one is published as the org's JWKS.
 * The first token an organisation issues creates its key.
 */
export const SIGNING_ALG = "ES256";

type Signer = { kid: string; key: CryptoKey };

const boxId = (kid: string) => `oauth-signing-key:${kid}`;
const signers = new Map<string, Signer>();

async function toSigner(row: { id: string; privateJwkEncrypted: string; alg: string }) {
  const jwk = JSON.parse(decryptSecret(row.privateJwkEncrypted, boxId(row.id))) as JWK;
  return { kid: row.id, key: (await importJWK(jwk, row.alg)) as CryptoKey };
}

/** The key that signs the organisation's new tokens (created on first use). */
export async function signerOf(db: Db, orgId: string): Promise<Signer> {
  const cached = signers.get(orgId);
  if (cached) return cached;
  const live = (await listSigningKeys(db, orgId)).find((k) => !k.retiredAt);
  const signer = live ? await toSigner(live) : await createSigningKey(db, orgId);
  signers.set(orgId, signer);
  return signer;
}

async function createSigningKey(db: Db, orgId: string): Promise<Signer> {
  return db.transaction(async (tx) => {
    await lockOrgForSigningKey(tx, orgId);
    // Another instance may have created it while this one waited for the lock.
    const live = (await listSigningKeys(tx, orgId)).find((k) => !k.retiredAt);
    if (live) return toSigner(live);
    const kid = newId("osk");
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" };
    const privateJwk = await exportJWK(privateKey);
    await insertSigningKey(tx, orgId, {
      id: kid,
      alg: SIGNING_ALG,
      publicJwk,
      privateJwkEncrypted: encryptSecret(JSON.stringify(privateJwk), boxId(kid)),
    });
    return { kid, key: privateKey };
  });
}

/** The organisation's JWKS: the public half of every live signing key. */
export async function jwksOf(db: Db, orgId: string): Promise<{ keys: Record<string, unknown>[] }> {
  const rows = await listSigningKeys(db, orgId);
  return { keys: rows.filter((k) => !k.retiredAt).map((k) => k.publicJwk) };
}
