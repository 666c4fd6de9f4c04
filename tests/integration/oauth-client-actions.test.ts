import fc from "fast-check";
import { eq } from "drizzle-orm";
import { beforeEach, expect, it, vi } from "vitest";

/**
 * R-OAUTH-CLIENTS / R-DEV-OAUTH-CLIENTS through the real server actions: the portal's My keys →
 * OAuth clients (New secret, Delete) and the console's developer profile → OAuth clients
 * (Revoke), with the guards and a real database. Stood in for: the session cookie (auth()
 * answers with the claims a login would have put in the JWT), Next's cache and `after`.
 */
vi.mock("@/lib/auth", () => import("../helpers/action-harness").then((h) => h.authStandIn()));
vi.mock("next/cache", () => import("../helpers/action-harness").then((h) => h.cacheStandIn()));
vi.mock("next/server", (o) => import("../helpers/action-harness").then((h) => h.serverStandIn(o)));

import { actionHarness as ctx } from "../helpers/action-harness";

import { deleteOwnClientAction, rotateOwnClientSecretAction } from "@/app/[org]/keys/oauth-actions";
import { revokeOauthClientAction } from "@/app/admin/(console)/developers/[id]/oauth-actions";
import type { Db, DbHandle } from "@/db";
import * as s from "@/db/schema";
import type { ActionState } from "@/lib/actions/state";
import { sha256Hex } from "@/lib/crypto";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg } from "../helpers/db";
import { hostileString, RUNS } from "../helpers/hostile-input";
import { makeClient, makeOauthEntry } from "../helpers/oauth-fixtures";
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

async function clientRow(db: Db, id: string) {
  const [row] = await db.select().from(s.oauthClients).where(eq(s.oauthClients.id, id));
  return row;
}

describeEachDb("OAuth client actions (portal and console)", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
    ctx.session = null;
  });

  async function world() {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const { entry } = await makeOauthEntry(db, org.id);
    const c = await makeClient(db, org, dev, entry);
    return { db, org, dev, entry, c };
  }

  it("R-OAUTH-CLIENTS: a developer makes a new secret for their client (shown once, old one stops) and deletes it; a colleague's or another organisation's developer gets 'not found'", async () => {
    const a = await world();
    const b = await world();
    const colleague = await makeDeveloper(a.db, a.org.id);
    const values = { org: a.org.slug, oauthClientId: a.c.oauthClientId };

    await logIn(a.db, "developer", colleague);
    expect(await rotateOwnClientSecretAction(initial, form(values))).toMatchObject({
      ok: false,
      message: "OAuth client not found.",
    });
    expect(await deleteOwnClientAction(initial, form(values))).toMatchObject({ ok: false });
    await logIn(b.db, "developer", b.dev);
    expect(
      await rotateOwnClientSecretAction(initial, form({ ...values, org: b.org.slug })),
    ).toMatchObject({ ok: false });
    expect((await clientRow(a.db, a.c.oauthClientId))?.secretHash).toBe(
      sha256Hex(a.c.clientSecret),
    );

    await logIn(a.db, "developer", a.dev);
    const r = await rotateOwnClientSecretAction(initial, form(values));
    expect(r.ok).toBe(true);
    expect(r.data?.clientId).toBe(a.c.clientId);
    const secret = r.data?.clientSecret ?? "";
    expect(secret).toMatch(/^ghs_/);
    expect((await clientRow(a.db, a.c.oauthClientId))?.secretHash).toBe(sha256Hex(secret));

    expect((await deleteOwnClientAction(initial, form(values))).ok).toBe(true);
    expect((await clientRow(a.db, a.c.oauthClientId))?.revokedAt).toBeInstanceOf(Date);
  });

  it("R-DEV-OAUTH-CLIENTS: owners and admins revoke a developer's client from the profile; a viewer and another organisation's admin cannot", async () => {
    const w = await world();
    const other = await makeOrg(w.db);
    const values = { oauthClientId: w.c.oauthClientId };

    await logIn(w.db, "admin", await makeAdmin(w.db, w.org.id, { role: "viewer" }));
    expect(await revokeOauthClientAction(initial, form(values))).toMatchObject({
      ok: false,
      message: "Your role (viewer) cannot make this change.",
    });
    await logIn(w.db, "admin", await makeAdmin(w.db, other.id, { role: "owner" }));
    expect(await revokeOauthClientAction(initial, form(values))).toMatchObject({
      ok: false,
      message: "OAuth client not found.",
    });
    expect((await clientRow(w.db, w.c.oauthClientId))?.revokedAt).toBeNull();

    await logIn(w.db, "admin", await makeAdmin(w.db, w.org.id, { role: "admin" }));
    expect((await revokeOauthClientAction(initial, form(values))).ok).toBe(true);
    expect((await clientRow(w.db, w.c.oauthClientId))?.revokedAt).toBeInstanceOf(Date);
    const [audit] = await w.db
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.targetId, w.c.oauthClientId))
      .orderBy(s.auditLog.createdAt);
    expect(audit?.action).toBe("oauth_client.created");
  });

  it("R-OAUTH-CLIENTS / R-SEC-BAD-INPUT: hostile client ids are refused with a message, never a 500", async () => {
    const w = await world();
    await logIn(w.db, "developer", w.dev);
    await fc.assert(
      fc.asyncProperty(hostileString, async (oauthClientId) => {
        for (const action of [rotateOwnClientSecretAction, deleteOwnClientAction]) {
          const r = await action(initial, form({ org: w.org.slug, oauthClientId }));
          expect(r.ok).toBe(false);
          expect(r.message).not.toMatch(/went wrong/);
        }
      }),
      RUNS,
    );
    expect((await clientRow(w.db, w.c.oauthClientId))?.revokedAt).toBeNull();
  });
});
