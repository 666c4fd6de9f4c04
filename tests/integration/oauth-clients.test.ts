import { eq } from "drizzle-orm";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { expect, it } from "vitest";
import { listDeveloperOauthClients } from "@/db/queries/oauth";
import { listDeveloperKeys, listOrgKeys } from "@/db/queries/keys";
import { listDevelopers } from "@/db/queries/developers";
import { getOrgOverview } from "@/db/queries/stats";
import * as s from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { approveRequest } from "@/lib/keyrequests/decide";
import { requestKey } from "@/lib/keyrequests/request";
import { isWellFormedKey } from "@/lib/keys/format";
import { revokeOauthClient, rotateClientSecret } from "@/lib/oauth/clients";
import { audienceOf, issuerOf } from "@/lib/oauth/issuer";
import { jwksOf } from "@/lib/oauth/signing";
import { ACCESS_TOKEN_TTL_SECONDS, introspect, issueAccessToken } from "@/lib/oauth/tokens";
import { adminActor, developerActor } from "@/lib/outcome";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg } from "../helpers/db";
import { expectFailsWhileRefusing } from "../helpers/db-fault";
import { createWebhook } from "@/lib/webhooks/admin";
import { startReceiver } from "./webhooks-receiver";
import { makeApi } from "../helpers/dev-fixtures";
import { makeClient, makeOauthEntry } from "../helpers/oauth-fixtures";
import { auditActions, emailsTo, keyRequestRow, portalUrlOf } from "../helpers/portal-fixtures";

describeEachDb("OAuth clients: creation, secrets, tokens, revocation (lib/oauth)", (getDb) => {
  it("R-OAUTH-CLIENTS: an auto-approved request for an OAuth entry creates a client (id public, secret once, stored hashed) instead of a key", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const { entry, policy } = await makeOauthEntry(db, org.id);
    const out = await requestKey(db, org, dev, entry, {});
    expect(out.ok && out.value.kind).toBe("client_issued");
    if (!out.ok || out.value.kind !== "client_issued") return;
    const { clientId, clientSecret, oauthClientId, requestId } = out.value;
    expect(clientId).toMatch(/^ghc_[1-9A-HJ-NP-Za-km-z]{20,}$/);
    expect(isWellFormedKey(clientSecret, "ghs")).toBe(true);

    const [client] = await db
      .select()
      .from(s.oauthClients)
      .where(eq(s.oauthClients.id, oauthClientId));
    expect(client?.secretHash).toBe(sha256Hex(clientSecret));
    expect(JSON.stringify(client)).not.toContain(clientSecret);
    expect(client?.catalogEntryId).toBe(entry.id);
    const [cred] = await db
      .select()
      .from(s.keys)
      .where(eq(s.keys.id, client?.keyId ?? ""));
    expect(cred?.kind).toBe("oauth_client");
    expect(cred?.hash).not.toBe(sha256Hex(clientSecret));
    const links = await db
      .select()
      .from(s.keyPolicies)
      .where(eq(s.keyPolicies.keyId, cred?.id ?? ""));
    expect(links.map((l) => l.policyId)).toEqual([policy.id]);
    const request = await keyRequestRow(db, requestId);
    expect(request?.status).toBe("approved");
    expect(request?.oauthClientId).toBe(oauthClientId);
    expect(request?.keyId).toBeNull();
    expect((await auditActions(db, org.id, oauthClientId)).map((a) => a.action)).toEqual([
      "oauth_client.created",
    ]);
  });

  it("R-OAUTH-CLIENTS / R-WEBHOOKS: creating, rotating and revoking a client emit oauth_client.* events (ids, never the secret)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    const receiver = await startReceiver();
    try {
      const hook = await createWebhook(db, org.id, adminActor(admin.id), {
        url: receiver.url,
        events: ["oauth_client.created", "oauth_client.secret_rotated", "oauth_client.revoked"],
      });
      if (!hook.ok) throw new Error(hook.message);
      const { entry } = await makeOauthEntry(db, org.id);
      const c = await makeClient(db, org, dev, entry);
      const rotated = await rotateClientSecret(db, org.id, c.oauthClientId, developerActor(dev.id));
      await revokeOauthClient(db, org.id, c.oauthClientId, adminActor(admin.id));
      const rows = await db
        .select()
        .from(s.webhookDeliveries)
        .where(eq(s.webhookDeliveries.orgId, org.id))
        .orderBy(s.webhookDeliveries.createdAt);
      expect(rows.map((r) => r.event)).toEqual([
        "oauth_client.created",
        "oauth_client.secret_rotated",
        "oauth_client.revoked",
      ]);
      for (const r of rows)
        expect(r.payload).toMatchObject({
          data: { oauth_client_id: c.oauthClientId, client_id: c.clientId, developer_id: dev.id },
        });
      const text = JSON.stringify(rows.map((r) => r.payload));
      expect(text).not.toContain(c.clientSecret);
      expect(text).not.toContain(rotated.ok ? rotated.value.clientSecret : "ghs_");
    } finally {
      await receiver.close();
    }
  });

  it("R-OAUTH-CLIENTS: key lists and counts leave the client's credential row out (keys panel, keys list, developers' key count, overview)", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const { entry } = await makeOauthEntry(db, org.id);
    await makeClient(db, org, dev, entry);
    expect(await listDeveloperKeys(db, org.id, dev.id)).toEqual([]);
    expect((await listOrgKeys(db, org.id, {})).total).toBe(0);
    expect((await listDevelopers(db, org.id, {})).rows[0]?.keyCount).toBe(0);
    expect((await getOrgOverview(db, org.id)).activeKeys).toBe(0);
    expect(await listDeveloperOauthClients(db, org.id, dev.id)).toHaveLength(1);
  });

  it("R-OAUTH-CLIENTS: admin approval creates the client and emails its id, never a secret; the developer makes the secret in the portal", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin", secureKeyApproval: true });
    const admin = await makeAdmin(db, org.id);
    const dev = await makeDeveloper(db, org.id);
    const { entry } = await makeOauthEntry(db, org.id, { mode: null });
    const out = await requestKey(db, org, dev, entry, {});
    expect(out.ok && out.value.kind).toBe("pending");
    if (!out.ok || out.value.kind !== "pending") return;
    const approved = await approveRequest(
      db,
      org,
      out.value.requestId,
      adminActor(admin.id),
      portalUrlOf(org),
    );
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    expect(approved.value.oauthClientId).toMatch(/^oac_/);
    const [client] = await listDeveloperOauthClients(db, org.id, dev.id);
    const [mail] = await emailsTo(db, org.id, dev.email);
    expect(mail?.text).toContain(client?.clientId);
    expect(mail?.text ?? "").not.toMatch(/ghs_/);
    const rotated = await rotateClientSecret(
      db,
      org.id,
      client?.id ?? "",
      developerActor(dev.id),
      dev.id,
    );
    expect(rotated.ok).toBe(true);
    if (!rotated.ok) return;
    const token = await issueAccessToken(db, org, {
      clientId: rotated.value.clientId,
      clientSecret: rotated.value.clientSecret,
      scope: null,
    });
    expect(token.ok).toBe(true);
  });

  it("R-OAUTH-CLIENTS: a token is an RFC 9068 JWT verified against the organisation's JWKS; scope is limited to the OAuth APIs the policies open", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const keyApi = await makeApi(db, org.id, { authType: "key" });
    const { entry, api } = await makeOauthEntry(db, org.id, { extraApis: [keyApi] });
    const c = await makeClient(db, org, dev, entry);
    const now = new Date();
    const out = await issueAccessToken(db, org, { ...c, scope: null }, now);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: api.slug });
    const jwks = createLocalJWKSet((await jwksOf(db, org.id)) as never);
    const { payload, protectedHeader } = await jwtVerify(out.value.access_token, jwks, {
      issuer: issuerOf(org.slug),
      audience: audienceOf(org.slug),
      typ: "at+jwt",
    });
    expect(protectedHeader.alg).toBe("ES256");
    expect(protectedHeader.kid).toMatch(/^osk_/);
    expect(payload).toMatchObject({ sub: c.clientId, client_id: c.clientId, scope: api.slug });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(ACCESS_TOKEN_TTL_SECONDS);
    expect(payload.jti).toMatch(/^oat_/);
    const [row] = await db
      .select()
      .from(s.oauthAccessTokens)
      .where(eq(s.oauthAccessTokens.tokenHash, sha256Hex(out.value.access_token)));
    expect(row?.id).toBe(payload.jti);

    // The key API is not a scope; an unknown scope is invalid_scope; the same key signs the next token.
    const bad = await issueAccessToken(db, org, { ...c, scope: keyApi.slug });
    expect(bad.ok ? "ok" : bad.reason).toBe("invalid");
    const again = await issueAccessToken(db, org, { ...c, scope: ` ${api.slug} ` });
    expect(again.ok && decodeProtectedHeader(again.value.access_token).kid).toBe(
      protectedHeader.kid,
    );
    expect((await jwksOf(db, org.id)).keys).toHaveLength(1);
    expect(JSON.stringify(await jwksOf(db, org.id))).not.toMatch(/"d":/);
  });

  it("R-OAUTH-CLIENTS: a wrong secret, an unknown client and another organisation's client are invalid_client", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, a.id);
    const { entry } = await makeOauthEntry(db, a.id);
    const c = await makeClient(db, a, dev, entry);
    const reason = async (org: s.Organisation, clientId: string, clientSecret: string) => {
      const r = await issueAccessToken(db, org, { clientId, clientSecret, scope: null });
      return r.ok ? "ok" : r.reason;
    };
    expect(await reason(a, c.clientId, c.clientSecret)).toBe("ok");
    expect(await reason(a, c.clientId, `${c.clientSecret}x`)).toBe("forbidden");
    expect(await reason(a, "ghc_nope", c.clientSecret)).toBe("forbidden");
    expect(await reason(b, c.clientId, c.clientSecret)).toBe("forbidden");
  });

  it("R-OAUTH-CLIENTS: rotating the secret stops the old secret and the tokens issued with it at once", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const { entry } = await makeOauthEntry(db, org.id);
    const c = await makeClient(db, org, dev, entry);
    const before = await issueAccessToken(db, org, { ...c, scope: null });
    if (!before.ok) throw new Error(before.message);
    expect((await introspect(db, org, before.value.access_token, null)).active).toBe(true);
    const rotated = await rotateClientSecret(
      db,
      org.id,
      c.oauthClientId,
      developerActor(dev.id),
      dev.id,
    );
    expect(rotated.ok && rotated.value.revokedTokens).toBe(1);
    if (!rotated.ok) return;
    expect(rotated.message).toMatch(/old secret .* no longer work/);
    expect((await introspect(db, org, before.value.access_token, null)).active).toBe(false);
    const old = await issueAccessToken(db, org, { ...c, scope: null });
    expect(old.ok ? "ok" : old.reason).toBe("forbidden");
    const fresh = await issueAccessToken(db, org, {
      ...c,
      clientSecret: rotated.value.clientSecret,
      scope: null,
    });
    expect(fresh.ok).toBe(true);
  });

  it("R-OAUTH-CLIENTS: revoking a client makes its tokens inactive and it gets no new one; only its developer (or an admin of its organisation) can", async () => {
    const db = getDb();
    const [org, other] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, org.id);
    const stranger = await makeDeveloper(db, org.id);
    const otherAdmin = await makeAdmin(db, other.id);
    const { entry } = await makeOauthEntry(db, org.id);
    const c = await makeClient(db, org, dev, entry);
    const t = await issueAccessToken(db, org, { ...c, scope: null });
    if (!t.ok) throw new Error(t.message);

    const byStranger = await revokeOauthClient(
      db,
      org.id,
      c.oauthClientId,
      developerActor(stranger.id),
      stranger.id,
    );
    expect(byStranger.ok ? "ok" : byStranger.reason).toBe("not_found");
    const byOtherOrg = await revokeOauthClient(
      db,
      other.id,
      c.oauthClientId,
      adminActor(otherAdmin.id),
    );
    expect(byOtherOrg.ok ? "ok" : byOtherOrg.reason).toBe("not_found");
    const rotByStranger = await rotateClientSecret(
      db,
      org.id,
      c.oauthClientId,
      developerActor(stranger.id),
      stranger.id,
    );
    expect(rotByStranger.ok ? "ok" : rotByStranger.reason).toBe("not_found");
    expect((await introspect(db, org, t.value.access_token, null)).active).toBe(true);

    const revoked = await revokeOauthClient(
      db,
      org.id,
      c.oauthClientId,
      developerActor(dev.id),
      dev.id,
    );
    expect(revoked.ok).toBe(true);
    expect((await introspect(db, org, t.value.access_token, null)).active).toBe(false);
    const after = await issueAccessToken(db, org, { ...c, scope: null });
    expect(after.ok ? "ok" : after.reason).toBe("forbidden");
    const [listed] = await listDeveloperOauthClients(db, org.id, dev.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    expect(listed?.status).toBe("revoked");
    const again = await revokeOauthClient(
      db,
      org.id,
      c.oauthClientId,
      developerActor(dev.id),
      dev.id,
    );
    expect(again.ok ? "ok" : again.reason).toBe("not_found");
  });

  it("R-OAUTH-CLIENTS: a new token prunes the client's expired ones (the table holds about an hour per client), never another client's", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const { entry } = await makeOauthEntry(db, org.id);
    const c = await makeClient(db, org, dev, entry);
    const other = await makeClient(db, org, dev, (await makeOauthEntry(db, org.id)).entry);
    const past = new Date(Date.now() - 2 * ACCESS_TOKEN_TTL_SECONDS * 1000);
    await issueAccessToken(db, org, { ...c, scope: null }, past);
    await issueAccessToken(db, org, { ...other, scope: null }, past);
    const tokensOf = async (id: string) =>
      (await db.select().from(s.oauthAccessTokens).where(eq(s.oauthAccessTokens.oauthClientId, id)))
        .length;
    expect(await tokensOf(c.oauthClientId)).toBe(1);
    await issueAccessToken(db, org, { ...c, scope: null });
    await issueAccessToken(db, org, { ...c, scope: null });
    expect(await tokensOf(c.oauthClientId)).toBe(2);
    expect(await tokensOf(other.oauthClientId)).toBe(1);
  });

  it("R-OAUTH-CLIENTS: introspection by a client sees only its own tokens; another organisation sees none", async () => {
    const db = getDb();
    const [org, other] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, org.id);
    const { entry } = await makeOauthEntry(db, org.id);
    const c1 = await makeClient(db, org, dev, entry);
    const { entry: entry2 } = await makeOauthEntry(db, org.id);
    const c2 = await makeClient(db, org, dev, entry2);
    const t = await issueAccessToken(db, org, { ...c1, scope: null });
    if (!t.ok) throw new Error(t.message);
    expect(await introspect(db, org, t.value.access_token, c1.clientId)).toMatchObject({
      active: true,
      client_id: c1.clientId,
      token_type: "Bearer",
      iss: issuerOf(org.slug),
    });
    expect(await introspect(db, org, t.value.access_token, c2.clientId)).toEqual({ active: false });
    expect(await introspect(db, other, t.value.access_token, null)).toEqual({ active: false });
    expect(await introspect(db, org, "garbage", null)).toEqual({ active: false });
    // Expiry: an hour later the token reads inactive.
    const later = new Date(Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 5) * 1000);
    expect(await introspect(db, org, t.value.access_token, null, later)).toEqual({ active: false });
  });
});

describeEachDb(
  "OAuth clients: approval is one transaction (lib/keyrequests/decide.ts)",
  (getDb) => {
    it("R-OAUTH-CLIENTS: when the database refuses the client's credential row mid-approval, the request stays pending with no client, audit row or email; approving again works", async () => {
      const db = getDb();
      const org = await makeOrg(db, { keyRequestMode: "admin" });
      const admin = await makeAdmin(db, org.id);
      const dev = await makeDeveloper(db, org.id);
      const { entry } = await makeOauthEntry(db, org.id, { mode: null });
      const out = await requestKey(db, org, dev, entry, {});
      if (!out.ok || out.value.kind !== "pending") throw new Error("not pending");
      const requestId = out.value.requestId;
      const approve = () =>
        approveRequest(db, org, requestId, adminActor(admin.id), portalUrlOf(org));

      await expectFailsWhileRefusing(
        db,
        { table: "keys", op: "INSERT", column: "developer_id", value: dev.id },
        approve,
      );
      expect((await keyRequestRow(db, requestId))?.status).toBe("pending");
      expect(await listDeveloperOauthClients(db, org.id, dev.id)).toEqual([]);
      expect(await db.select().from(s.keys).where(eq(s.keys.developerId, dev.id))).toEqual([]);
      expect((await auditActions(db, org.id, requestId)).map((a) => a.action)).toEqual([
        "key_request.created",
      ]);
      expect(await emailsTo(db, org.id, dev.email)).toEqual([]);

      const again = await approve();
      expect(again.ok).toBe(true);
      expect(await listDeveloperOauthClients(db, org.id, dev.id)).toHaveLength(1);
      expect((await keyRequestRow(db, requestId))?.oauthClientId).toMatch(/^oac_/);
    });
  },
);
