import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { loadGatewayKey, loadGatewayKeys } from "@/db/queries/gateway";
import { keys } from "@/db/schema";
import { KeyLoadBatcher } from "@/lib/gateway/key-batch";
import { generateKey } from "@/lib/keys/format";
import { describeEachDb } from "../helpers/db";
import { makeGatewayWorld, makeKey } from "../helpers/gateway-fixtures";

/**
 * R-GW-VERIFY (issue 14, cold keys): misses that arrive together are one query. Structural, not
 * timed: the number of statements is counted.
 */
describeEachDb("R-GW-VERIFY: cold keys batched", (getDb) => {
  it("R-GW-VERIFY: one statement finds current and previous (rolled) values by hash, within the organisation only", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const other = await makeGatewayWorld(db);
    const second = await makeKey(db, w.org.id, w.developer.id, [w.policy.id]);
    // The second key was rolled: its old value stays valid for an hour.
    const old = generateKey();
    const endsAt = new Date(Date.now() + 3_600_000);
    await db
      .update(keys)
      .set({ previousHash: old.hash, previousHashEndsAt: endsAt })
      .where(eq(keys.id, second.row.id));
    const unknown = generateKey().hash;
    const found = await loadGatewayKeys(db, w.org.id, [
      w.key.row.hash,
      old.hash,
      second.row.hash,
      other.key.row.hash,
      unknown,
    ]);
    expect([...found.keys()].sort()).toEqual([w.key.row.hash, old.hash, second.row.hash].sort());
    expect(found.get(w.key.row.hash)?.key).toMatchObject({ id: w.key.row.id, graceEndsAt: null });
    expect(found.get(second.row.hash)?.key).toMatchObject({
      id: second.row.id,
      graceEndsAt: null,
    });
    expect(found.get(old.hash)?.key.id).toBe(second.row.id);
    expect(found.get(old.hash)?.key.graceEndsAt?.getTime()).toBe(endsAt.getTime());
    expect(found.get(w.key.row.hash)?.policyIds).toEqual([w.policy.id]);
    // The one-key form answers the same.
    expect(await loadGatewayKey(db, w.org.id, old.hash)).toEqual(found.get(old.hash));
    expect(await loadGatewayKey(db, w.org.id, other.key.row.hash)).toBeNull();
  });

  it("R-GW-VERIFY: 250 misses of one turn are three statements (up to 100 hashes each); a repeated hash is looked up once; a lone miss is sent at once", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const calls: number[] = [];
    const batcher = new KeyLoadBatcher((orgId, hashes) => {
      calls.push(hashes.length);
      return loadGatewayKeys(db, orgId, hashes);
    });
    const misses = Array.from({ length: 249 }, () => generateKey().hash);
    const answers = await Promise.all([
      batcher.load(w.org.id, w.key.row.hash),
      ...misses.map((h) => batcher.load(w.org.id, h)),
      batcher.load(w.org.id, w.key.row.hash),
    ]);
    expect(calls).toEqual([100, 100, 50]);
    expect(answers[0]?.key.id).toBe(w.key.row.id);
    expect(answers.at(-1)?.key.id).toBe(w.key.row.id);
    expect(answers.slice(1, -1).every((a) => a === null)).toBe(true);
    calls.length = 0;
    expect((await batcher.load(w.org.id, w.key.row.hash))?.key.id).toBe(w.key.row.id);
    expect(calls).toEqual([1]);
  });

  it("R-GW-VERIFY: a failed statement fails every call it carried, and the next turn's calls go on", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    let fail = true;
    const batcher = new KeyLoadBatcher((orgId, hashes) =>
      fail ? Promise.reject(new Error("database down")) : loadGatewayKeys(db, orgId, hashes),
    );
    const results = await Promise.allSettled([
      batcher.load(w.org.id, w.key.row.hash),
      batcher.load(w.org.id, generateKey().hash),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect((await batcher.load(w.org.id, w.key.row.hash))?.key.id).toBe(w.key.row.id);
  });
});
