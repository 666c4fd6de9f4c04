import { expect, it } from "vitest";
import { listApiTokens } from "@/db/queries/gateway";
import { hashKey, isWellFormedKey } from "@/lib/keys/format";
import { createApiToken, revokeToken } from "@/lib/gateway/tokens";
import { describeEachDb, makeAdmin, makeOrg } from "../helpers/db";
import { testGateway } from "../helpers/gateway-fixtures";

describeEachDb("R-GW-VERIFY: gateway and management tokens", (getDb) => {
  it("R-GW-VERIFY: a created gateway token is shown once, stored hashed, and authenticates its organisation", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const created = await createApiToken(db, org.id, admin.id, {
      kind: "gateway",
      name: "NGINX eu",
    });
    expect(created.token).toMatch(/^gw_/);
    expect(isWellFormedKey(created.token, "gw")).toBe(true);
    const [listed] = await listApiTokens(db, org.id);
    expect(listed).toMatchObject({
      id: created.id,
      kind: "gateway",
      name: "NGINX eu",
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(listed?.start).toBe(created.token.slice(0, 9));
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const gw = testGateway(db);
    expect(await gw.authenticate(created.token)).toEqual({ tokenId: created.id, orgId: org.id });
    const mgmt = await createApiToken(db, org.id, admin.id, { kind: "management", name: "CRM" });
    expect(mgmt.token).toMatch(/^gm_/);
    // A management token is not a gateway token.
    await expect(gw.authenticate(mgmt.token)).rejects.toMatchObject({
      code: "invalid_gateway_token",
    });
  });

  it("R-GW-VERIFY: a revoked gateway token is refused at once after invalidation", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const admin = await makeAdmin(db, org.id);
    const created = await createApiToken(db, org.id, admin.id, { kind: "gateway", name: "edge" });
    const gw = testGateway(db);
    await gw.authenticate(created.token);
    const revoked = await revokeToken(db, org.id, admin.id, created.id);
    expect(revoked?.hash).toBe(hashKey(created.token));
    gw.invalidate({ type: "token", id: hashKey(created.token) });
    await expect(gw.authenticate(created.token)).rejects.toMatchObject({
      code: "invalid_gateway_token",
      status: 401,
    });
    expect(await revokeToken(db, org.id, admin.id, created.id)).toBeNull();
  });

  it("R-ORG-ISOLATION: tokens of one organisation are neither listed nor revocable by another", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const [adminA, adminB] = [await makeAdmin(db, a.id), await makeAdmin(db, b.id)];
    const token = await createApiToken(db, a.id, adminA.id, { kind: "gateway", name: "A's" });
    expect(await listApiTokens(db, b.id)).toEqual([]);
    expect(await revokeToken(db, b.id, adminB.id, token.id)).toBeNull();
    expect((await listApiTokens(db, a.id))[0]?.revokedAt).toBeNull();
  });
});
