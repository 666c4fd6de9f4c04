import { expect, it } from "vitest";
import { listDeveloperOauthClients } from "@/db/queries/oauth";
import type { Db } from "@/db";
import { keys, oauthClients } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { describeEachDb, makeDeveloper, makeOrg, randomHex } from "../helpers/db";

/** The credential row an OAuth client's policies, quota and usage hang on. */
async function credential(db: Db, orgId: string, developerId: string): Promise<string> {
  const [row] = await db
    .insert(keys)
    .values({
      orgId,
      developerId,
      kind: "oauth_client",
      hash: sha256Hex(randomHex(16)),
      start: "oac",
    })
    .returning({ id: keys.id });
  if (!row) throw new Error("credential row not inserted");
  return row.id;
}

describeEachDb("OAuth clients panel of a developer profile (db/queries/oauth.ts)", (getDb) => {
  it("R-DEV-OAUTH-CLIENTS: an empty panel for a developer without clients", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    expect(await listDeveloperOauthClients(db, org.id, dev.id)).toEqual([]);
  });

  it("R-DEV-OAUTH-CLIENTS: lists name, client id, redirect URIs and created date, newest first; the secret is never returned", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const other = await makeDeveloper(db, org.id);
    const secret = `secret_${randomHex(8)}`;
    await db.insert(oauthClients).values([
      {
        orgId: org.id,
        developerId: dev.id,
        keyId: await credential(db, org.id, dev.id),
        name: "Old app",
        clientId: `cid_${randomHex()}`,
        secretHash: sha256Hex(secret),
        redirectUris: ["https://old.example/cb"],
        createdAt: new Date(Date.now() - 86_400_000),
      },
      {
        orgId: org.id,
        developerId: dev.id,
        keyId: await credential(db, org.id, dev.id),
        name: "New app",
        clientId: `cid_${randomHex()}`,
        secretHash: sha256Hex(secret),
        redirectUris: ["https://new.example/cb", "http://localhost:8080/cb"],
      },
      {
        orgId: org.id,
        developerId: other.id,
        keyId: await credential(db, org.id, other.id),
        name: "Someone else's",
        clientId: `cid_${randomHex()}`,
        secretHash: sha256Hex(secret),
      },
    ]);
    const rows = await listDeveloperOauthClients(db, org.id, dev.id);
    expect(rows.map((r) => [r.name, r.redirectUris])).toEqual([
      ["New app", ["https://new.example/cb", "http://localhost:8080/cb"]],
      ["Old app", ["https://old.example/cb"]],
    ]);
    expect(rows[0]?.clientId).toMatch(/^cid_/);
    expect(rows[0]?.createdAt).toBeInstanceOf(Date);
    expect(JSON.stringify(rows)).not.toContain(sha256Hex(secret));
  });

  it("R-ORG-ISOLATION: another organisation's id never lists this developer's clients", async () => {
    const db = getDb();
    const [a, b] = [await makeOrg(db), await makeOrg(db)];
    const dev = await makeDeveloper(db, a.id);
    await db.insert(oauthClients).values({
      orgId: a.id,
      developerId: dev.id,
      keyId: await credential(db, a.id, dev.id),
      name: "A app",
      clientId: `cid_${randomHex()}`,
      secretHash: sha256Hex("x"),
    });
    expect(await listDeveloperOauthClients(db, b.id, dev.id)).toEqual([]);
    expect(await listDeveloperOauthClients(db, a.id, dev.id)).toHaveLength(1);
  });
});
