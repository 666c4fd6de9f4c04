import type { Db, Tx } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { getDeveloper } from "@/db/queries/developers";
import { getOrgPolicies } from "@/db/queries/keys";
import {
  getOauthClient,
  insertOauthClient,
  revokeClientTokens,
  revokeOauthClientRow,
  setClientSecret,
} from "@/db/queries/oauth";
import { keysChanged } from "@/lib/keys/invalidate";
import { type Actor, done, failed, type Outcome } from "@/lib/outcome";
import { type AfterCommit, transact } from "@/lib/transaction";
import { newClientId, newClientSecret, newCredentialHash } from "./format";

/**
 * OAuth clients of developers (R-OAUTH-CLIENTS). A client is created from an approved key request
 * for a catalog entry whose policy opens an OAuth API, in the approval's transaction; its
 * credential row in `keys` (kind 'oauth_client') carries the policies, status, expiry, quota and
 * usage the gateway decides its tokens on.
 */
export type CreatedClient = { oauthClientId: string; clientId: string; clientSecret: string };

/** The latest expiry of the policies; null when any of them never expires (as keys do). */
function expiryFor(policies: Array<{ keyExpiresInSeconds: number | null }>, now: Date) {
  let max = 0;
  for (const p of policies) {
    if (!p.keyExpiresInSeconds || p.keyExpiresInSeconds <= 0) return null;
    max = Math.max(max, p.keyExpiresInSeconds);
  }
  return max ? new Date(now.getTime() + max * 1000) : null;
}

/** Creates a client inside the caller's transaction; the secret is returned once, stored hashed. */
export async function createClientIn(
  tx: Tx,
  after: AfterCommit,
  orgId: string,
  input: { developerId: string; policyIds: string[]; catalogEntryId: string | null; name: string },
  actor: Actor,
): Promise<Outcome<CreatedClient>> {
  const developer = await getDeveloper(tx, orgId, input.developerId);
  if (!developer) return failed("not_found", "Developer not found.");
  if (developer.status !== "active")
    return failed("conflict", "This developer is deactivated: reactivate them first.");
  const ids = [...new Set(input.policyIds)];
  const policies = await getOrgPolicies(tx, orgId, ids);
  if (ids.length === 0 || policies.length !== ids.length)
    return failed("conflict", "The policy of this client no longer exists.");
  const inactive = policies.filter((p) => p.isInactive);
  if (inactive.length)
    return failed(
      "conflict",
      `The policy ${inactive.map((p) => p.name).join(", ")} is inactive: activate it first.`,
    );
  const clientId = newClientId();
  const secret = newClientSecret();
  const client = await insertOauthClient(
    tx,
    orgId,
    {
      developerId: developer.id,
      catalogEntryId: input.catalogEntryId,
      name: input.name.trim().slice(0, 200) || "OAuth client",
      clientId,
      secretHash: secret.hash,
      credentialHash: newCredentialHash(),
      expiresAt: expiryFor(policies, new Date()),
    },
    ids,
  );
  await insertAudit(tx, orgId, {
    ...actor,
    action: "oauth_client.created",
    targetType: "oauth_client",
    targetId: client.id,
    data: { developerId: developer.id, clientId, policyIds: ids },
  });
  await after.event(orgId, "oauth_client.created", {
    oauth_client_id: client.id,
    client_id: clientId,
    developer_id: developer.id,
    catalog_entry_id: input.catalogEntryId,
    policy_ids: ids,
  });
  return done(
    { oauthClientId: client.id, clientId, clientSecret: secret.secret },
    "OAuth client created.",
  );
}

/** The gateway forgets the client's cached tokens and credential at once, on every instance. */
function forgetAtGateway(after: AfterCommit, orgId: string, keyId: string) {
  after.then(() => keysChanged(orgId, [keyId]));
}

/**
 * A new client secret, shown once (R-OAUTH-CLIENTS). The old secret stops at once, and so do the
 * access tokens issued with it: a rotation is what one does after a leak.
 * `developerId`: the portal's own-client check; the console passes none.
 */
export function rotateClientSecret(
  db: Db,
  orgId: string,
  id: string,
  actor: Actor,
  developerId?: string,
): Promise<Outcome<{ clientId: string; clientSecret: string; revokedTokens: number }>> {
  return transact(db, async (tx, after) => {
    const row = await getOauthClient(tx, orgId, id, developerId);
    if (!row || row.client.revokedAt) return failed("not_found", "OAuth client not found.");
    const secret = newClientSecret();
    if (!(await setClientSecret(tx, orgId, id, secret.hash)))
      return failed("not_found", "OAuth client not found.");
    const revokedTokens = await revokeClientTokens(tx, orgId, id);
    await insertAudit(tx, orgId, {
      ...actor,
      action: "oauth_client.secret_rotated",
      targetType: "oauth_client",
      targetId: id,
      data: { clientId: row.client.clientId, revokedTokens },
    });
    await after.event(orgId, "oauth_client.secret_rotated", {
      oauth_client_id: id,
      client_id: row.client.clientId,
      developer_id: row.client.developerId,
      revoked_tokens: revokedTokens,
    });
    forgetAtGateway(after, orgId, row.client.keyId);
    return done(
      { clientId: row.client.clientId, clientSecret: secret.secret, revokedTokens },
      "New secret created. The old secret and the tokens issued with it no longer work.",
    );
  });
}

/**
 * Deletes (developer) or revokes (admin) a client: it gets no new tokens, and every token it
 * holds is refused by the gateway and introspection at once. The row stays, revoked, for the
 * audit trail and the developer's profile.
 */
export function revokeOauthClient(
  db: Db,
  orgId: string,
  id: string,
  actor: Actor,
  developerId?: string,
): Promise<Outcome<{ clientId: string; developerId: string }>> {
  return transact(db, async (tx, after) => {
    const row = await getOauthClient(tx, orgId, id, developerId);
    if (!row) return failed("not_found", "OAuth client not found.");
    const revoked = await revokeOauthClientRow(tx, orgId, id);
    if (!revoked) return failed("not_found", "OAuth client not found or already revoked.");
    const revokedTokens = await revokeClientTokens(tx, orgId, id);
    await insertAudit(tx, orgId, {
      ...actor,
      action: "oauth_client.revoked",
      targetType: "oauth_client",
      targetId: id,
      data: { clientId: revoked.clientId, developerId: revoked.developerId, revokedTokens },
    });
    await after.event(orgId, "oauth_client.revoked", {
      oauth_client_id: id,
      client_id: revoked.clientId,
      developer_id: revoked.developerId,
      revoked_tokens: revokedTokens,
    });
    forgetAtGateway(after, orgId, revoked.keyId);
    return done(
      { clientId: revoked.clientId, developerId: revoked.developerId },
      "OAuth client revoked: its tokens no longer work.",
    );
  });
}
