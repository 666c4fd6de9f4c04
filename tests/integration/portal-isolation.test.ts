import { beforeEach, expect, it, vi } from "vitest";

/**
 * The portal's guards and server actions with a real database and real code, except for the
 * session cookie: next-auth's auth() is replaced by the session the test says the browser has
 * (the claims a developer login would have put in the JWT). Everything after that — the guards'
 * database re-checks, the actions' organisation and ownership checks — runs as in production.
 */
const session = vi.hoisted(() => ({
  current: null as null | {
    claims: {
      kind: "admin" | "developer";
      uid: string;
      orgId: string;
      sv: number;
      sid?: string;
      xp?: number;
    };
  },
}));
vi.mock("@/lib/auth", () => ({
  auth: async () => session.current,
  signIn: async () => {
    throw new Error("signIn is not expected in these tests");
  },
  signOut: async () => undefined,
  handlers: {},
}));
// Outside a Next.js request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

import { requestAccessAction } from "@/app/[org]/catalog/actions";
import { revokeOwnKeyAction } from "@/app/[org]/keys/actions";
import { generateKeyAction } from "@/app/[org]/keys/generate/actions";
import { type Db, type DbHandle, getDb } from "@/db";
import { getKeyView } from "@/db/queries/keys";
import * as s from "@/db/schema";
import type { ActionState } from "@/lib/actions/state";
import { getDeveloperContext } from "@/lib/auth/guards";
import { changeOwnPassword } from "@/lib/developers/profile";
import { approveRequest } from "@/lib/keyrequests/decide";
import { requestKey } from "@/lib/keyrequests/request";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg, TEST_PASSWORD } from "../helpers/db";
import { makeKey } from "../helpers/dev-fixtures";
import { signedInClaims } from "../helpers/sessions";
import {
  developerRow,
  keysOfDeveloper,
  makeEntry,
  onlyEmail,
  portalUrlOf,
  tokenFromLink,
} from "../helpers/portal-fixtures";

/** A developer login: a real server-side session row and the claims naming it (R-SEC-SESSIONS). */
async function logInAs(dev: s.Developer) {
  session.current = { claims: await signedInClaims(getDb(), "developer", dev) };
}

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}
const initial: ActionState = { ok: false };

/** Two organisations, each with a developer, a key and an auto-approved catalog entry. */
async function twoPortals(db: Db) {
  const [a, b] = [
    await makeOrg(db, { keyRequestMode: "auto" }),
    await makeOrg(db, { keyRequestMode: "auto" }),
  ];
  const [entryA, entryB] = [await makeEntry(db, a.id), await makeEntry(db, b.id)];
  const [devA, devB] = [await makeDeveloper(db, a.id), await makeDeveloper(db, b.id)];
  const keyA = await makeKey(db, a.id, devA.id, [entryA.policy.id]);
  const keyB = await makeKey(db, b.id, devB.id, [entryB.policy.id]);
  return {
    a,
    b,
    entryA: entryA.entry,
    entryB: entryB.entry,
    devA,
    devB,
    keyA: keyA.key,
    keyB: keyB.key,
  };
}

describeEachDb(
  "R-ORG-ISOLATION: a developer session only works in its own portal (guards and portal actions)",
  (getDb, target) => {
    beforeEach(() => {
      (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
        db: getDb(),
        driver: target,
        close: async () => {},
      };
      session.current = null;
    });

    it("R-ORG-ISOLATION: a session of organisation A is a session under /A and nothing under /B", async () => {
      const db = getDb();
      const { a, b, devA } = await twoPortals(db);
      await logInAs(devA);
      expect((await getDeveloperContext(a.slug))?.developer.id).toBe(devA.id);
      expect(await getDeveloperContext(b.slug)).toBeNull();
      expect(await getDeveloperContext("no-such-portal")).toBeNull();
    });

    it("R-ORG-ISOLATION: claims naming organisation B for A's developer are refused (the database decides, not the cookie)", async () => {
      const db = getDb();
      const { b, devA } = await twoPortals(db);
      const real = await signedInClaims(db, "developer", devA);
      session.current = { claims: { ...real, orgId: b.id } };
      expect(await getDeveloperContext(b.slug)).toBeNull();
    });

    it("R-ORG-ISOLATION: an admin session is not a developer session", async () => {
      const db = getDb();
      const { a } = await twoPortals(db);
      const admin = await makeAdmin(db, a.id);
      session.current = { claims: { kind: "admin", uid: admin.id, orgId: a.id, sv: 1 } };
      expect(await getDeveloperContext(a.slug)).toBeNull();
    });

    it("R-ORG-ISOLATION: A's developer cannot revoke B's key, neither through B's portal nor through A's", async () => {
      const db = getDb();
      const { a, b, devA, keyB } = await twoPortals(db);
      await logInAs(devA);
      const viaB = await revokeOwnKeyAction(initial, form({ org: b.slug, keyId: keyB.id }));
      expect(viaB).toMatchObject({ ok: false, message: "Your session has ended. Log in again." });
      const viaA = await revokeOwnKeyAction(initial, form({ org: a.slug, keyId: keyB.id }));
      expect(viaA).toMatchObject({ ok: false, message: "Key not found." });
      expect((await getKeyView(db, b.id, keyB.id))?.status).toBe("active");
    });

    it("R-ORG-ISOLATION: a colleague's key in the same organisation is 'not found' too; the developer's own key is revoked", async () => {
      const db = getDb();
      const { a, devA, keyA } = await twoPortals(db);
      const colleague = await makeDeveloper(db, a.id);
      await logInAs(colleague);
      expect(
        await revokeOwnKeyAction(initial, form({ org: a.slug, keyId: keyA.id })),
      ).toMatchObject({ ok: false, message: "Key not found." });
      expect((await getKeyView(db, a.id, keyA.id))?.status).toBe("active");

      await logInAs(devA);
      expect(
        await revokeOwnKeyAction(initial, form({ org: a.slug, keyId: keyA.id })),
      ).toMatchObject({ ok: true, message: "Key revoked." });
      expect((await getKeyView(db, a.id, keyA.id))?.status).toBe("revoked");
    });

    it("R-ORG-ISOLATION: A's developer cannot request access to B's catalog entry", async () => {
      const db = getDb();
      const { a, b, devA, entryB } = await twoPortals(db);
      await logInAs(devA);
      expect(
        await requestAccessAction(initial, form({ org: a.slug, entryId: entryB.id })),
      ).toMatchObject({ ok: false, message: "This catalog entry is not available." });
      expect(
        await requestAccessAction(initial, form({ org: b.slug, entryId: entryB.id })),
      ).toMatchObject({ ok: false, message: "Your session has ended. Log in again." });
      expect(await keysOfDeveloper(db, b.id, devA.id)).toEqual([]);
      expect(await keysOfDeveloper(db, a.id, devA.id)).toHaveLength(1);
    });

    it("R-CATALOG: requesting access through the portal action issues the key once (auto), also through an unlisted entry's link, and refuses another portal's entry", async () => {
      const db = getDb();
      const { a, devA, entryA } = await twoPortals(db);
      await logInAs(devA);
      const r = await requestAccessAction(initial, form({ org: a.slug, entryId: entryA.id }));
      expect(r).toMatchObject({
        ok: true,
        message: "Your key is ready.",
        data: { status: "issued" },
      });
      expect(String(r.data?.key)).toMatch(/^gh_/);
      const { entry: unlisted } = await makeEntry(db, a.id, { visibility: "hidden" });
      expect(
        await requestAccessAction(initial, form({ org: a.slug, entryId: unlisted.id })),
      ).toMatchObject({ ok: true, data: { status: "issued" } });
      const b = await makeOrg(db, { keyRequestMode: "auto" });
      const { entry: foreign } = await makeEntry(db, b.id);
      expect(
        await requestAccessAction(initial, form({ org: a.slug, entryId: foreign.id })),
      ).toMatchObject({ ok: false, message: "This catalog entry is not available." });
    });

    it("R-KEY-SECURE-APPROVAL: the 'Generate key' action only works for the requesting developer of this portal", async () => {
      const db = getDb();
      const org = await makeOrg(db, { keyRequestMode: "admin", secureKeyApproval: true });
      const { entry } = await makeEntry(db, org.id);
      const dev = await makeDeveloper(db, org.id);
      const other = await makeDeveloper(db, org.id);
      const admin = await makeAdmin(db, org.id);
      const out = await requestKey(db, org, dev, entry, {});
      if (!out.ok || out.value.kind !== "pending") throw new Error("expected pending");
      await approveRequest(
        db,
        org,
        out.value.requestId,
        { actorType: "admin", actorId: admin.id },
        portalUrlOf(org),
      );
      const token = tokenFromLink(
        (await onlyEmail(db, org.id, dev.email, "keyGenerate")).text,
        `${portalUrlOf(org)}/keys/generate`,
      );

      expect(await generateKeyAction(initial, form({ org: org.slug, token }))).toMatchObject({
        ok: false,
        message: "Your session has ended. Log in again.",
      });
      await logInAs(other);
      expect(await generateKeyAction(initial, form({ org: org.slug, token }))).toMatchObject({
        ok: false,
        message: "This link belongs to another developer account.",
      });
      await logInAs(dev);
      const got = await generateKeyAction(initial, form({ org: org.slug, token }));
      expect(got).toMatchObject({ ok: true, message: "Key generated." });
      expect(String(got.data?.key)).toMatch(/^gh_/);
      expect(await generateKeyAction(initial, form({ org: org.slug, token }))).toMatchObject({
        ok: false,
        message: "This link has expired or was already used.",
      });
      expect(await keysOfDeveloper(db, org.id, dev.id)).toHaveLength(1);
    });

    it("R-PROFILE-EDIT: after a password change, sessions issued before it are refused", async () => {
      const db = getDb();
      const { a, devA } = await twoPortals(db);
      await logInAs(devA);
      expect(await getDeveloperContext(a.slug)).not.toBeNull();
      expect((await changeOwnPassword(db, devA, TEST_PASSWORD, "a-brand-new-password")).ok).toBe(
        true,
      );
      expect(await getDeveloperContext(a.slug)).toBeNull();
      const fresh = await developerRow(db, devA.id);
      if (!fresh) throw new Error("developer vanished");
      await logInAs(fresh);
      expect(await getDeveloperContext(a.slug)).not.toBeNull();
    });
  },
);
