import { and, eq, sum } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { Db } from "@/db";
import * as s from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import type { Gateway } from "@/lib/gateway/gateway";
import { dbGatewayStore, type GatewayStore } from "@/lib/gateway/store";
import { ingestUsage } from "@/lib/gateway/usage-ingest";
import { isWellFormedKey } from "@/lib/keys/format";
import { onKeysChanged } from "@/lib/keys/invalidate";
import { revokeKey } from "@/lib/keys/issue";
import { MAX_GRACE_SECONDS, rollKey } from "@/lib/keys/rotate";
import { developerActor } from "@/lib/outcome";
import { describeEachDb, makeDeveloper } from "../helpers/db";
import { adminActor, auditOf, getKeyRow, rowsContain } from "../helpers/dev-fixtures";
import {
  fakeClock,
  makeGatewayWorld,
  makeKey,
  makePolicy,
  testGateway,
} from "../helpers/gateway-fixtures";

const HOUR_S = 3600;
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** The gateway drops cached decisions when keys change, as the process's own gateway does. */
function listen(gw: Gateway, orgId: string) {
  stops.push(
    onKeysChanged((org, keyIds) => {
      if (org !== orgId) return;
      if (keyIds === "all") gw.applyInvalidation({ type: "org", id: org });
      else for (const id of keyIds) gw.applyInvalidation({ type: "key", id });
    }),
  );
}

async function usageOf(db: Db, keyId: string) {
  const [row] = await db
    .select({ requests: sum(s.usageHourly.requests), successes: sum(s.usageHourly.successes) })
    .from(s.usageHourly)
    .where(eq(s.usageHourly.keyId, keyId));
  return { requests: Number(row?.requests ?? 0), successes: Number(row?.successes ?? 0) };
}

async function deliveriesOf(db: Db, orgId: string, event: string) {
  return db
    .select()
    .from(s.webhookDeliveries)
    .where(and(eq(s.webhookDeliveries.orgId, orgId), eq(s.webhookDeliveries.event, event)));
}

describeEachDb("R-KEY-ROTATE: rolling a key (lib/keys/rotate.ts)", (getDb) => {
  it("R-KEY-ROTATE: a roll keeps the key row (id, policies, expiry, alias) and gives it a new value shown once; the old hash moves to previous_hash until the grace end", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const extra = await makePolicy(db, w.org.id, { access: [{ apiId: w.payments.id }] });
    const expiresAt = new Date(Date.now() + 30 * 86400_000);
    const k = await makeKey(db, w.org.id, w.developer.id, [w.policy.id, extra.id], {
      alias: "production",
      expiresAt,
    });
    const actor = await adminActor(db, w.org.id);
    const before = Date.now();
    const r = await rollKey(db, w.org.id, k.row.id, { graceSeconds: HOUR_S }, actor);
    if (!r.ok) throw new Error(r.message);
    expect(isWellFormedKey(r.value.key)).toBe(true);
    expect(r.value.key).not.toBe(k.plaintext);
    const row = await getKeyRow(db, k.row.id);
    expect(row).toMatchObject({
      id: k.row.id,
      developerId: w.developer.id,
      alias: "production",
      status: "active",
      expiresAt,
      hash: sha256Hex(r.value.key),
      start: r.value.start,
      previousHash: k.row.hash,
      previousStart: k.row.start,
    });
    const endsAt = row?.previousHashEndsAt?.getTime() ?? 0;
    expect(endsAt).toBeGreaterThanOrEqual(before + HOUR_S * 1000);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + HOUR_S * 1000);
    expect(r.value.previousValidUntil?.getTime()).toBe(endsAt);
    const policyIds = (
      await db.select().from(s.keyPolicies).where(eq(s.keyPolicies.keyId, k.row.id))
    ).map((p) => p.policyId);
    expect(policyIds.sort()).toEqual([w.policy.id, extra.id].sort());
    // Neither the new key nor the old one is in the audit row or the event.
    const audit = await auditOf(db, w.org.id, k.row.id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["key.rolled", actor.actorId]]);
    expect(rowsContain(audit, r.value.key)).toBe(false);
    expect(rowsContain([row], r.value.key)).toBe(false);
  });

  it("R-KEY-ROTATE: the old key passes at the gateway as the same key during the grace period, counts into the same usage rows, and is refused (unknown_key, 401) from its end", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db, { quotaMax: 10, quotaRenewalSeconds: 86400 });
    const clock = fakeClock(Date.now());
    const gw = testGateway(db, { now: clock.now, cacheTtlMs: 10_000 });
    listen(gw, w.org.id);
    const call = (key: string) =>
      gw.verify(w.org.id, { key, path: "/weather/today", method: "GET" });
    // The old value is cached before the roll: the roll must drop it.
    expect((await call(w.key.plaintext)).code).toBe("valid");

    const r = await rollKey(
      db,
      w.org.id,
      w.key.row.id,
      { graceSeconds: HOUR_S },
      await adminActor(db, w.org.id),
    );
    if (!r.ok) throw new Error(r.message);
    const endsAt = r.value.previousValidUntil?.getTime() ?? 0;
    const oldCall = await call(w.key.plaintext);
    const newCall = await call(r.value.key);
    expect([oldCall.code, newCall.code]).toEqual(["valid", "valid"]);
    expect(oldCall.keyId).toBe(w.key.row.id);
    expect(newCall.keyId).toBe(w.key.row.id);
    // One quota, shared: 1 call before the roll + 2 after.
    expect(newCall.quota?.remaining).toBe(10 - 3);
    expect(oldCall.quota?.remaining).toBe(10 - 2);

    // A millisecond before the end, the old key still passes (cached or not).
    clock.set(endsAt - 1);
    expect((await call(w.key.plaintext)).code).toBe("valid");
    // From the end on it is no key at all; the new one goes on.
    clock.set(endsAt);
    const refused = await call(w.key.plaintext);
    expect([refused.code, refused.status]).toEqual(["unknown_key", 401]);
    expect((await call(r.value.key)).code).toBe("valid");
    clock.advance(60_000);
    expect((await call(w.key.plaintext)).code).toBe("unknown_key");

    await gw.flush();
    // Every accepted call, by either value, is in the key's one usage series.
    expect(await usageOf(db, w.key.row.id)).toEqual({ requests: 5, successes: 5 });
    const rows = await db.select().from(s.usageHourly).where(eq(s.usageHourly.orgId, w.org.id));
    expect(new Set(rows.map((u) => u.keyId))).toEqual(new Set([w.key.row.id]));
  });

  it("R-KEY-ROTATE: a gateway that loads the new value before the roll's invalidation reaches it (or never hears of it) still refuses the old value from the grace end, not at its cache TTL", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const clock = fakeClock(Date.now());
    // Not listening: this gateway hears of the roll late (another instance, a slow pub/sub).
    const gw = testGateway(db, { now: clock.now, cacheTtlMs: 10_000 });
    const call = (key: string) => gw.verify(w.org.id, { key, path: "/weather/", method: "GET" });
    expect((await call(w.key.plaintext)).code).toBe("valid");
    const r = await rollKey(
      db,
      w.org.id,
      w.key.row.id,
      { graceSeconds: 2 },
      await adminActor(db, w.org.id),
    );
    if (!r.ok) throw new Error(r.message);
    const endsAt = r.value.previousValidUntil?.getTime() ?? 0;
    expect((await call(r.value.key)).code).toBe("valid");
    expect((await call(w.key.plaintext)).code).toBe("valid");
    // The invalidation arrives after the new value was loaded.
    gw.applyInvalidation({ type: "key", id: w.key.row.id });
    expect((await call(w.key.plaintext)).code).toBe("valid");
    clock.set(endsAt);
    expect((await call(w.key.plaintext)).code).toBe("unknown_key");
    expect((await call(r.value.key)).code).toBe("valid");
  });

  it("R-KEY-ROTATE: a call after the grace end that joins a database load started before it is refused too", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const r = await rollKey(
      db,
      w.org.id,
      w.key.row.id,
      { graceSeconds: HOUR_S },
      await adminActor(db, w.org.id),
    );
    if (!r.ok) throw new Error(r.message);
    const endsAt = r.value.previousValidUntil?.getTime() ?? 0;
    const real = dbGatewayStore(db);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let loads = 0;
    const store: GatewayStore = {
      ...real,
      loadKey: async (orgId, hash) => {
        loads++;
        await gate;
        return real.loadKey(orgId, hash);
      },
    };
    const clock = fakeClock(endsAt - 5);
    const gw = testGateway(db, { now: clock.now, store });
    const call = () =>
      gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/", method: "GET" });
    const before = call();
    clock.set(endsAt);
    const after = call();
    release();
    expect([(await before).code, (await after).code]).toEqual(["valid", "unknown_key"]);
    expect(loads).toBe(1);
  });

  it("R-KEY-ROTATE: with no grace period the old key is refused at once, even if a gateway had it cached", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db, { cacheTtlMs: 10_000 });
    listen(gw, w.org.id);
    const call = (key: string) => gw.verify(w.org.id, { key, path: "/weather/", method: "GET" });
    expect((await call(w.key.plaintext)).code).toBe("valid");
    const r = await rollKey(
      db,
      w.org.id,
      w.key.row.id,
      { graceSeconds: 0 },
      await adminActor(db, w.org.id),
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.value.previousValidUntil).toBeNull();
    expect(await getKeyRow(db, w.key.row.id)).toMatchObject({
      previousHash: null,
      previousStart: null,
      previousHashEndsAt: null,
    });
    expect((await call(w.key.plaintext)).code).toBe("unknown_key");
    expect((await call(r.value.key)).code).toBe("valid");
  });

  it("R-KEY-ROTATE: rolling again during a grace period replaces the old value: only the latest previous key stays valid", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db, { cacheTtlMs: 10_000 });
    listen(gw, w.org.id);
    const call = (key: string) => gw.verify(w.org.id, { key, path: "/weather/", method: "GET" });
    const actor = await adminActor(db, w.org.id);
    const first = await rollKey(db, w.org.id, w.key.row.id, { graceSeconds: HOUR_S }, actor);
    if (!first.ok) throw new Error(first.message);
    // Both values cached in the gateway.
    expect((await call(w.key.plaintext)).code).toBe("valid");
    expect((await call(first.value.key)).code).toBe("valid");
    const second = await rollKey(db, w.org.id, w.key.row.id, { graceSeconds: HOUR_S }, actor);
    if (!second.ok) throw new Error(second.message);
    expect(second.value.previousStart).toBe(first.value.start);
    expect((await call(w.key.plaintext)).code).toBe("unknown_key");
    expect((await call(first.value.key)).code).toBe("valid");
    expect((await call(second.value.key)).code).toBe("valid");
    expect((await getKeyRow(db, w.key.row.id))?.previousHash).toBe(sha256Hex(first.value.key));
  });

  it("R-KEY-ROTATE: usage posted by a gateway with the old value during the grace period counts to the same key", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const gw = testGateway(db);
    const r = await rollKey(
      db,
      w.org.id,
      w.key.row.id,
      { graceSeconds: HOUR_S },
      await adminActor(db, w.org.id),
    );
    if (!r.ok) throw new Error(r.message);
    const result = await ingestUsage(gw, w.org.id, {
      batchId: `roll-${w.key.row.id}`,
      records: [
        { key: w.key.plaintext, api: w.weather.slug, status: 200, count: 3, timestamp: Date.now() },
        { key: r.value.key, api: w.weather.slug, status: 200, count: 2, timestamp: Date.now() },
      ],
    });
    expect(result).toMatchObject({ accepted: 5, rejected: [] });
    expect(await usageOf(db, w.key.row.id)).toEqual({ requests: 5, successes: 5 });
  });

  it("R-KEY-ROTATE: the roll commits with its audit row and a key.rolled event naming no key value", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const [hook] = await db
      .insert(s.webhooks)
      .values({
        orgId: w.org.id,
        url: "https://hooks.example.com/gatehouse",
        secretEncrypted: "x",
        secretStart: "whsec_x",
        events: ["key.rolled"],
      })
      .returning();
    if (!hook) throw new Error("no webhook");
    const r = await rollKey(
      db,
      w.org.id,
      w.key.row.id,
      { graceSeconds: 86400 },
      developerActor(w.developer.id),
    );
    if (!r.ok) throw new Error(r.message);
    const [delivery, ...more] = await deliveriesOf(db, w.org.id, "key.rolled");
    expect(more).toEqual([]);
    const data = (delivery?.payload as { data: Record<string, unknown> }).data;
    expect(data).toEqual({
      key_id: w.key.row.id,
      developer_id: w.developer.id,
      key_start: r.value.start,
      previous_key_start: w.key.row.start,
      previous_key_valid_until: r.value.previousValidUntil?.toISOString(),
    });
    expect(rowsContain([delivery], r.value.key)).toBe(false);
    expect(rowsContain([delivery], w.key.plaintext)).toBe(false);
    const audit = await auditOf(db, w.org.id, w.key.row.id);
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ["key.rolled", "developer", w.developer.id],
    ]);
  });

  it("R-KEY-ROTATE: another organisation's key, another developer's key (portal), an OAuth client's credential row and a revoked key are refused, and nothing changes", async () => {
    const db = getDb();
    const a = await makeGatewayWorld(db);
    const b = await makeGatewayWorld(db);
    const actor = await adminActor(db, a.org.id);
    const other = await makeDeveloper(db, a.org.id);
    const oauth = await makeKey(db, a.org.id, a.developer.id, [a.policy.id], {
      kind: "oauth_client",
    });
    const revoked = await makeKey(db, a.org.id, a.developer.id, [a.policy.id]);
    expect((await revokeKey(db, a.org.id, revoked.row.id, actor)).ok).toBe(true);

    const grace = { graceSeconds: HOUR_S };
    const crossOrg = await rollKey(db, a.org.id, b.key.row.id, grace, actor);
    const notOwn = await rollKey(
      db,
      a.org.id,
      a.key.row.id,
      { ...grace, developerId: other.id },
      developerActor(other.id),
    );
    const client = await rollKey(db, a.org.id, oauth.row.id, grace, actor);
    const gone = await rollKey(db, a.org.id, revoked.row.id, grace, actor);
    expect([crossOrg, notOwn, client, gone].map((o) => !o.ok && o.reason)).toEqual([
      "not_found",
      "not_found",
      "not_found",
      "conflict",
    ]);
    for (const k of [b.key.row, a.key.row, oauth.row]) {
      expect(await getKeyRow(db, k.id)).toMatchObject({ hash: k.hash, previousHash: null });
      expect(await auditOf(db, k.orgId, k.id)).toEqual([]);
    }
    expect((await getKeyRow(db, revoked.row.id))?.previousHash).toBeNull();
    // The developer may roll their own key.
    const own = await rollKey(
      db,
      a.org.id,
      a.key.row.id,
      { ...grace, developerId: a.developer.id },
      developerActor(a.developer.id),
    );
    expect(own.ok).toBe(true);
  });

  it("R-KEY-ROTATE: a grace period outside 0 … 7 days is refused with a field error", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const actor = await adminActor(db, w.org.id);
    for (const graceSeconds of [-1, MAX_GRACE_SECONDS + 1, 1.5, Number.NaN]) {
      const r = await rollKey(db, w.org.id, w.key.row.id, { graceSeconds }, actor);
      expect(r.ok ? "ok" : r.reason).toBe("invalid");
    }
    expect((await getKeyRow(db, w.key.row.id))?.hash).toBe(w.key.row.hash);
  });
});
