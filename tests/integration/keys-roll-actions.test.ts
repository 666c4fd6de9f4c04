import fc from "fast-check";
import { beforeEach, expect, it, vi } from "vitest";

/**
 * R-KEY-ROTATE through the real server actions of the console (Options → Roll key) and the
 * portal (My keys → Roll), with the guards and a real database. Stood in for: the session cookie
 * (auth() answers with the claims a login would have put in the JWT, backed by a real session
 * row), Next's cache and `after`.
 */
vi.mock("@/lib/auth", () => import("../helpers/action-harness").then((h) => h.authStandIn()));
vi.mock("next/cache", () => import("../helpers/action-harness").then((h) => h.cacheStandIn()));
vi.mock("next/server", (o) => import("../helpers/action-harness").then((h) => h.serverStandIn(o)));

import { actionHarness as ctx } from "../helpers/action-harness";

import { rollOwnKeyAction } from "@/app/[org]/keys/actions";
import { rollKeyAction } from "@/app/admin/(console)/developers/actions";
import type { Db, DbHandle } from "@/db";
import type { ActionState } from "@/lib/actions/state";
import { sha256Hex } from "@/lib/crypto";
import { describeEachDb, makeAdmin, makeDeveloper } from "../helpers/db";
import { auditOf, getKeyRow } from "../helpers/dev-fixtures";
import { makeGatewayWorld, makeKey } from "../helpers/gateway-fixtures";
import { hostileString, RUNS } from "../helpers/hostile-input";
import { signedInClaims } from "../helpers/sessions";

const initial: ActionState = { ok: false };

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

async function logIn(
  db: Db,
  kind: "admin" | "developer",
  account: Parameters<typeof signedInClaims>[2],
) {
  ctx.session = { claims: await signedInClaims(db, kind, account) };
}

describeEachDb("R-KEY-ROTATE: Roll key actions (console and portal)", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
    ctx.session = null;
  });

  it("R-KEY-ROTATE: owners and admins roll a developer's key from the console and get the new key once; a viewer is refused and nothing changes", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    const values = { developerId: w.developer.id, keyId: w.key.row.id, graceSeconds: "3600" };

    await logIn(db, "admin", await makeAdmin(db, w.org.id, { role: "viewer" }));
    expect(await rollKeyAction(initial, form(values))).toMatchObject({
      ok: false,
      message: "Your role (viewer) cannot make this change.",
    });
    expect((await getKeyRow(db, w.key.row.id))?.hash).toBe(w.key.row.hash);
    expect(await auditOf(db, w.org.id, w.key.row.id)).toEqual([]);

    for (const role of ["owner", "admin"] as const) {
      const me = await makeAdmin(db, w.org.id, { role });
      await logIn(db, "admin", me);
      const r = await rollKeyAction(initial, form(values));
      expect(r.ok).toBe(true);
      const key = r.data?.key ?? "";
      expect((await getKeyRow(db, w.key.row.id))?.hash).toBe(sha256Hex(key));
      expect(r.data?.previousUntil).toMatch(/UTC$/);
    }
    const audit = await auditOf(db, w.org.id, w.key.row.id);
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([
      ["key.rolled", "admin"],
      ["key.rolled", "admin"],
    ]);
  });

  it("R-KEY-ROTATE: a developer rolls their own key with the grace picker; another developer's key and another organisation's key are not found", async () => {
    const db = getDb();
    const a = await makeGatewayWorld(db);
    const b = await makeGatewayWorld(db);
    const colleague = await makeDeveloper(db, a.org.id);
    const colleagueKey = await makeKey(db, a.org.id, colleague.id, [a.policy.id]);
    await logIn(db, "developer", a.developer);
    const roll = (keyId: string, graceSeconds = "0") =>
      rollOwnKeyAction(initial, form({ org: a.org.slug, keyId, graceSeconds }));

    for (const keyId of [colleagueKey.row.id, b.key.row.id])
      expect(await roll(keyId)).toMatchObject({ ok: false, message: "Key not found." });
    expect((await getKeyRow(db, colleagueKey.row.id))?.hash).toBe(colleagueKey.row.hash);
    expect((await getKeyRow(db, b.key.row.id))?.hash).toBe(b.key.row.hash);

    const r = await roll(a.key.row.id, "604800");
    expect(r.ok).toBe(true);
    const row = await getKeyRow(db, a.key.row.id);
    expect(row?.hash).toBe(sha256Hex(r.data?.key ?? ""));
    expect(row?.previousHash).toBe(a.key.row.hash);
    expect(
      (row?.previousHashEndsAt?.getTime() ?? 0) - (row?.updatedAt.getTime() ?? 0),
    ).toBeGreaterThan(604800_000 - 60_000);
  });

  it("R-KEY-ROTATE: a grace period other than none, 1 h, 24 h or 7 days, or hostile input, is a field error (never a 500), and the key is unchanged", async () => {
    const db = getDb();
    const w = await makeGatewayWorld(db);
    await logIn(db, "developer", w.developer);
    const roll = (keyId: string, graceSeconds: string) =>
      rollOwnKeyAction(initial, form({ org: w.org.slug, keyId, graceSeconds }));
    for (const graceSeconds of ["60", "-1", "", "86400.5", "1e9", "3600 "]) {
      const r = await roll(w.key.row.id, graceSeconds);
      expect(r.ok).toBe(false);
      expect(r.fieldErrors?.graceSeconds?.[0]).toMatch(/grace period/);
    }
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (keyId, graceSeconds) => {
        const r = await roll(keyId, graceSeconds);
        expect(r.ok).toBe(false);
        expect(r.message).not.toMatch(/went wrong/);
      }),
      RUNS,
    );
    expect((await getKeyRow(db, w.key.row.id))?.hash).toBe(w.key.row.hash);
  });
});
