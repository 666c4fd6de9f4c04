import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { keys } from "@/db/schema";
import { setKeyIpRules } from "@/lib/keys/ip-rules";
import { developerActor } from "@/lib/outcome";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { auditOf, keyScene, makeKey, recordKeysChanged } from "../helpers/dev-fixtures";

describeEachDb("R-KEY-IP-ALLOW: a key's IP rules (lib/keys/ip-rules.ts)", (getDb) => {
  it("R-KEY-IP-ALLOW: an admin sets and clears a key's rules; audited, and the gateway's copy is dropped", async () => {
    const db = getDb();
    const { org, actor, key } = await keyScene(db);
    const recorder = recordKeysChanged(org.id);
    const set = await setKeyIpRules(db, org.id, key.id, ["203.0.113.0/24"], actor);
    expect(set).toMatchObject({ ok: true, message: "The key now works only from 203.0.113.0/24." });
    const [row] = await db.select().from(keys).where(eq(keys.id, key.id));
    expect(row?.allowedIps).toEqual(["203.0.113.0/24"]);
    expect(await setKeyIpRules(db, org.id, key.id, [], actor)).toMatchObject({
      ok: true,
      message: "The key works from any address.",
    });
    recorder.stop();
    expect(recorder.calls).toEqual([
      { orgId: org.id, keyIds: [key.id] },
      { orgId: org.id, keyIds: [key.id] },
    ]);
    expect((await auditOf(db, org.id, key.id)).map((a) => a.action)).toEqual([
      "key.ip_rules_changed",
      "key.ip_rules_changed",
    ]);
  });

  it("R-KEY-IP-ALLOW, R-ORG-ISOLATION: a developer sets their own key only; another developer's or organisation's key is not found and unchanged", async () => {
    const db = getDb();
    const { org, policy, dev, key } = await keyScene(db);
    const other = await makeDeveloper(db, org.id);
    const { key: theirs } = await makeKey(db, org.id, other.id, [policy.id]);
    const mine = await setKeyIpRules(
      db,
      org.id,
      key.id,
      ["2001:db8::/32"],
      developerActor(dev.id),
      {
        developerId: dev.id,
      },
    );
    expect(mine.ok).toBe(true);
    const refused = await setKeyIpRules(
      db,
      org.id,
      theirs.id,
      ["2001:db8::/32"],
      developerActor(dev.id),
      {
        developerId: dev.id,
      },
    );
    expect(refused).toMatchObject({ ok: false, reason: "not_found" });
    const elsewhere = await makeOrg(db);
    expect(await setKeyIpRules(db, elsewhere.id, key.id, [], developerActor(dev.id))).toMatchObject(
      {
        ok: false,
        reason: "not_found",
      },
    );
    const [row] = await db.select().from(keys).where(eq(keys.id, theirs.id));
    expect(row?.allowedIps).toEqual([]);
  });
});
