import fc from "fast-check";
import { beforeEach, expect, it, onTestFinished, vi } from "vitest";

/**
 * R-ORG-CREATE through the real server actions, guards and domain, with a real database: the
 * install operator creates organisations (owner invitation in the new organisation's outbox),
 * suspends and reactivates them; everybody else is refused and nothing changes. Stood in for:
 * the session cookie (auth() answers with claims backed by a real session row), Next's cache
 * and `after`.
 */
const env = vi.hoisted(() => {
  const operatorEmail = `operator.${Math.random().toString(16).slice(2)}@example.test`;
  // Read by lib/env.ts on its first call, after this file's imports.
  process.env.GATEHOUSE_OPERATOR_EMAILS = ` Someone@Example.test , ${operatorEmail.toUpperCase()}`;
  return { operatorEmail };
});
vi.mock("@/lib/auth", () => import("../helpers/action-harness").then((h) => h.authStandIn()));
vi.mock("next/cache", () => import("../helpers/action-harness").then((h) => h.cacheStandIn()));
vi.mock("next/server", (o) => import("../helpers/action-harness").then((h) => h.serverStandIn(o)));

import { actionHarness as ctx } from "../helpers/action-harness";

import { signupDeveloperAction } from "@/app/[org]/actions";
import { inviteAdminAction } from "@/app/admin/(console)/team/actions";
import {
  createOrganisationAction,
  reactivateOrganisationAction,
  suspendOrganisationAction,
} from "@/app/admin/(console)/organisations/actions";
import type { Db, DbHandle } from "@/db";
import { eq } from "drizzle-orm";
import { findAdminByEmail } from "@/db/queries/admins";
import { firstAdminId } from "@/db/queries/operator";
import { getOrganisation, getOrganisationBySlug } from "@/db/queries/organisations";
import { type AdminUser, adminUsers, type Organisation } from "@/db/schema";
import { CONSOLE_SUSPENDED, PORTAL_SUSPENDED, UNEXPECTED_ERROR } from "@/lib/actions/safe-action";
import type { ActionState } from "@/lib/actions/state";
import { acceptAdminInvitation } from "@/lib/admins/invitation";
import { authenticateDeveloper } from "@/lib/auth/credentials";
import { getAdminContext, getDeveloperContext } from "@/lib/auth/guards";
import { createGatewayRuntime } from "@/lib/gateway/instance";
import { keyMessages } from "@/lib/gateway/invalidation-bus";
import { issueAccessToken } from "@/lib/oauth/tokens";
import { listOrganisationsForOperator } from "@/lib/orgs/manage";
import { isOperator } from "@/lib/orgs/operator";
import { appUrl } from "@/lib/url";
import {
  describeEachDb,
  makeAdmin,
  openRollbackScope,
  makeDeveloper,
  makeOrg,
  randomEmail,
  randomSlug,
  TEST_PASSWORD,
} from "../helpers/db";
import { recordKeysChanged } from "../helpers/dev-fixtures";
import { makeGatewayToken, makeGatewayWorld, testGateway } from "../helpers/gateway-fixtures";
import { dispatch, MGMT_BASE } from "../helpers/mgmt-client";
import { makeClient, makeOauthEntry } from "../helpers/oauth-fixtures";
import { hostileString, isRedirect, RUNS, rowCounts, textOr } from "../helpers/hostile-input";
import { auditActions, emailsTo, tokenFromLink } from "../helpers/portal-fixtures";
import { signedInClaims } from "../helpers/sessions";

const initial: ActionState = { ok: false };
type Action = (prev: ActionState, fd: FormData) => Promise<ActionState>;

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

async function run(action: Action, values: Record<string, string>) {
  try {
    return await action(initial, form(values));
  } catch (err) {
    if (isRedirect(err)) return { ok: false, redirect: true } as ActionState;
    throw err;
  }
}

async function logIn(
  db: Db,
  kind: "admin" | "developer",
  account: Parameters<typeof signedInClaims>[2],
) {
  ctx.session = { claims: await signedInClaims(db, kind, account) };
}

/** The operator of this file (by GATEHOUSE_OPERATOR_EMAILS) in an organisation of their own. */
async function makeOperator(db: Db): Promise<{ org: Organisation; admin: AdminUser }> {
  const org = await makeOrg(db);
  const existing = await findAdminByEmail(db, env.operatorEmail);
  if (existing) {
    // One operator per install and database (admin emails are unique per install).
    const own = await getOrganisation(db, existing.orgId);
    if (!own) throw new Error("operator without organisation");
    return { org: own, admin: existing };
  }
  const admin = await makeAdmin(db, org.id, { email: env.operatorEmail, role: "admin" });
  return { org, admin };
}

const newOrgValues = () => ({
  name: "Globex Weather",
  slug: randomSlug("globex"),
  ownerEmail: randomEmail("owner"),
});

describeEachDb("R-ORG-CREATE: the install operator's organisations", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
    ctx.session = null;
    ctx.after = [];
  });

  it("R-ORG-CREATE: the operator creates an organisation; its owner's invitation is in the new organisation's outbox, accepting it makes an owner of an empty organisation, both audit logs record it", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    await logIn(db, "admin", op.admin);
    const input = { ...newOrgValues(), ownerEmail: randomEmail("Owner").toUpperCase() };
    const r = await run(createOrganisationAction, input);
    expect(r).toMatchObject({ ok: true });
    await Promise.all(ctx.after);

    const org = await getOrganisationBySlug(db, input.slug);
    expect(org).toMatchObject({ name: "Globex Weather", slug: input.slug, suspendedAt: null });
    if (!org) throw new Error("not created");
    const email = input.ownerEmail.toLowerCase();
    const owner = await findAdminByEmail(db, email);
    expect(owner).toMatchObject({ orgId: org.id, role: "owner", passwordHash: null });
    expect(r.message).toBe(`Globex Weather created; the invitation was sent to ${email}.`);

    const [mail, ...more] = await emailsTo(db, org.id, email, "adminInvitation");
    expect(more).toEqual([]);
    expect(mail?.text).toContain("Globex Weather");
    const token = tokenFromLink(mail?.text ?? "", `${appUrl()}/admin/invite`);
    const accepted = await acceptAdminInvitation(db, token, {
      name: "Gina Globex",
      password: "a-long-owner-passphrase",
    });
    expect(accepted).toMatchObject({ ok: true, value: { email } });

    // The new owner's console is their organisation's, and it is empty; they are no operator.
    const joined = await findAdminByEmail(db, email);
    if (!joined) throw new Error("owner vanished");
    await logIn(db, "admin", joined);
    expect((await getAdminContext())?.org.id).toBe(org.id);
    expect(await rowCounts(db, org.id)).toMatchObject({ developers: 0, keys: 0, keyRequests: 0 });
    expect(await isOperator(db, joined)).toBe(false);

    const created = (orgId: string) =>
      auditActions(db, orgId, org.id).then((rows) =>
        rows.map((a) => [a.action, a.actorId, a.data]),
      );
    const data = {
      name: "Globex Weather",
      slug: input.slug,
      owner: email,
      operator: op.admin.email,
    };
    expect(await created(org.id)).toEqual([["organisation.created", op.admin.id, data]]);
    expect(await created(op.org.id)).toEqual([["organisation.created", op.admin.id, data]]);
  });

  it("R-ORG-CREATE: a taken, reserved or malformed address and an owner email of an existing admin are field errors, and nothing is half-stored", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    const existing = await makeOrg(db);
    const someAdmin = await makeAdmin(db, existing.id);
    await logIn(db, "admin", op.admin);

    expect(
      await run(createOrganisationAction, { ...newOrgValues(), slug: existing.slug }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { slug: ["This address is taken by another organisation; choose another."] },
    });
    for (const [slug, message] of [
      ["admin", "This name is reserved; choose another."],
      ["Bad Slug", "Lower-case letters, digits and dashes; no dash at either end."],
      ["-edge", "Lower-case letters, digits and dashes; no dash at either end."],
      ["x", "At least 2 characters."],
    ] as const)
      expect(await run(createOrganisationAction, { ...newOrgValues(), slug })).toMatchObject({
        ok: false,
        fieldErrors: { slug: expect.arrayContaining([message]) },
      });

    const values = { ...newOrgValues(), ownerEmail: someAdmin.email.toUpperCase() };
    expect(await run(createOrganisationAction, values)).toMatchObject({
      ok: false,
      fieldErrors: { ownerEmail: [expect.stringContaining("already belongs to an admin")] },
      values: { slug: values.slug, name: values.name },
    });
    // The organisation insert was rolled back with the refused owner.
    expect(await getOrganisationBySlug(db, values.slug)).toBeNull();
    expect(
      await run(createOrganisationAction, { name: "", slug: "", ownerEmail: "nope" }),
    ).toMatchObject({
      ok: false,
      fieldErrors: {
        name: [expect.any(String)],
        slug: expect.arrayContaining(["At least 2 characters."]),
        ownerEmail: [expect.any(String)],
      },
    });
  });

  it("R-ORG-CREATE: hostile names, addresses and emails are refused with a message, never an unexpected error", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    await logIn(db, "admin", op.admin);
    await fc.assert(
      fc.asyncProperty(
        textOr("Hostile Inc"),
        hostileString,
        textOr("owner@example.test"),
        async (name, slug, ownerEmail) => {
          const r = await run(createOrganisationAction, { name, slug, ownerEmail });
          expect(r.message).not.toBe(UNEXPECTED_ERROR);
          if (!r.ok) expect(Object.keys(r.fieldErrors ?? {}).length).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
    for (const orgId of ["", "org_\u0000", "x".repeat(100_000), "dev_abc"])
      expect(await run(suspendOrganisationAction, { orgId })).toMatchObject({
        ok: false,
        fieldErrors: { orgId: ["This organisation does not exist."] },
      });
    expect(await run(suspendOrganisationAction, { orgId: "org_doesnotexist1" })).toMatchObject({
      ok: false,
      message: "This organisation does not exist.",
    });
  });

  it("R-ORG-CREATE: a suspended organisation's portal takes no login, signup or session, its console is read-only, the gateway refuses its keys (org_suspended); reactivating restores all, each step audited in both organisations", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    const w = await makeGatewayWorld(db);
    const owner = await makeAdmin(db, w.org.id, { role: "owner" });
    const gw = testGateway(db);
    const call = () =>
      gw.verify(w.org.id, { key: w.key.plaintext, path: "/weather/", method: "GET" });
    expect((await call()).code).toBe("valid");
    const recorder = recordKeysChanged(w.org.id);
    try {
      await logIn(db, "admin", op.admin);
      expect(
        await run(suspendOrganisationAction, { orgId: w.org.id, reason: "Unpaid invoice" }),
      ).toMatchObject({
        ok: true,
        message: `${w.org.name} is suspended.`,
      });
      await Promise.all(ctx.after);
      expect(recorder.calls).toEqual([{ orgId: w.org.id, keyIds: "all" }]);
      expect(await run(suspendOrganisationAction, { orgId: w.org.id })).toMatchObject({
        ok: false,
        message: "This organisation is already suspended.",
      });

      // The gateway: the invalidation drops the cached key; the reload sees the suspension.
      for (const m of keyMessages(w.org.id, "all")) gw.applyInvalidation(m);
      expect(await call()).toMatchObject({ code: "org_suspended", status: 403 });

      // The portal: no login (same answer as a wrong password), no signup, no session.
      expect(
        await authenticateDeveloper(db, w.org.slug, w.developer.email, TEST_PASSWORD),
      ).toBeNull();
      const signup = await run(signupDeveloperAction, {
        org: w.org.slug,
        name: "New",
        email: randomEmail("dev"),
        password: "a-long-developer-passphrase",
      });
      expect(signup).toMatchObject({ ok: false, message: PORTAL_SUSPENDED });
      await logIn(db, "developer", w.developer);
      expect(await getDeveloperContext(w.org.slug)).toBeNull();

      // The console: the owner still logs in and reads, but every change is refused.
      await logIn(db, "admin", owner);
      expect((await getAdminContext())?.org.suspendedAt).toBeInstanceOf(Date);
      const before = await rowCounts(db, w.org.id);
      expect(
        await run(inviteAdminAction, { email: randomEmail("x"), role: "admin" }),
      ).toMatchObject({
        ok: false,
        message: CONSOLE_SUSPENDED,
      });
      expect(await rowCounts(db, w.org.id)).toEqual(before);

      await logIn(db, "admin", op.admin);
      expect(await run(reactivateOrganisationAction, { orgId: w.org.id })).toMatchObject({
        ok: true,
        message: `${w.org.name} is active again.`,
      });
      await Promise.all(ctx.after);
      expect(recorder.calls).toHaveLength(2);
      for (const m of keyMessages(w.org.id, "all")) gw.applyInvalidation(m);
      expect((await call()).code).toBe("valid");
      expect(
        await authenticateDeveloper(db, w.org.slug, w.developer.email, TEST_PASSWORD),
      ).toMatchObject({
        uid: w.developer.id,
      });
      expect(await run(reactivateOrganisationAction, { orgId: w.org.id })).toMatchObject({
        ok: false,
        message: "This organisation is not suspended.",
      });

      const trail = async (orgId: string) =>
        (await auditActions(db, orgId, w.org.id)).map((a) => [a.action, a.actorId, a.data?.reason]);
      const expected = [
        ["organisation.suspended", op.admin.id, "Unpaid invoice"],
        ["organisation.reactivated", op.admin.id, undefined],
      ];
      expect(await trail(w.org.id)).toEqual(expected);
      expect(await trail(op.org.id)).toEqual(expected);
    } finally {
      recorder.stop();
    }
  });

  it("R-ORG-CREATE: a suspended organisation's management API token reads but cannot write (403), and writes again once reactivated", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    const org = await makeOrg(db);
    const token = (await makeGatewayToken(db, org.id, "management")).plaintext;
    const call = (method: "GET" | "POST") =>
      dispatch(
        new Request(`${MGMT_BASE}/api/v1/developers`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body:
            method === "POST"
              ? JSON.stringify({ email: randomEmail("api"), name: "Api Dev" })
              : undefined,
        }),
      );
    await logIn(db, "admin", op.admin);
    expect(await run(suspendOrganisationAction, { orgId: org.id })).toMatchObject({ ok: true });
    expect((await call("GET")).status).toBe(200);
    const refused = await call("POST");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      code: "forbidden",
      detail: "This organisation is suspended: it can be read but not changed.",
    });
    expect((await rowCounts(db, org.id)).developers).toBe(0);
    expect(await run(reactivateOrganisationAction, { orgId: org.id })).toMatchObject({ ok: true });
    expect((await call("POST")).status).toBe(201);
  });

  it("R-ORG-CREATE: a suspended organisation issues no OAuth access token and the gateway refuses one issued before (org_suspended)", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    const { entry, api } = await makeOauthEntry(db, org.id);
    const client = await makeClient(db, org, dev, entry);
    const issued = await issueAccessToken(db, org, { ...client, scope: null });
    if (!issued.ok) throw new Error(issued.message);
    const runtime = createGatewayRuntime({
      db,
      redisUrl: null,
      cacheTtlMs: 5000,
      dbTimeoutMs: 5000,
      flushIntervalMs: 0,
      log: () => undefined,
    });
    onTestFinished(() => runtime.close());
    const gw = runtime.gateway;
    const call = () =>
      gw.verify(org.id, { key: issued.value.access_token, path: api.listenPath, method: "GET" });
    expect((await call()).code).toBe("valid");

    await logIn(db, "admin", op.admin);
    expect(await run(suspendOrganisationAction, { orgId: org.id })).toMatchObject({ ok: true });
    const suspended = await getOrganisation(db, org.id);
    if (!suspended) throw new Error("organisation vanished");
    expect(await issueAccessToken(db, suspended, { ...client, scope: null })).toMatchObject({
      ok: false,
      message: "This organisation is suspended.",
    });
    for (const m of keyMessages(org.id, "all")) gw.applyInvalidation(m);
    expect(await call()).toMatchObject({ code: "org_suspended", status: 403 });
  });

  it("R-ORG-CREATE: an operator whose own organisation another operator suspended still manages organisations (and nothing else)", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    // The second operator of this file's GATEHOUSE_OPERATOR_EMAILS, in an organisation of their own.
    const second =
      (await findAdminByEmail(db, "someone@example.test")) ??
      (await makeAdmin(db, (await makeOrg(db)).id, {
        email: "someone@example.test",
        role: "viewer",
      }));
    if (second.orgId === op.org.id) throw new Error("operators share an organisation");
    await logIn(db, "admin", op.admin);
    await run(suspendOrganisationAction, { orgId: second.orgId });
    try {
      await logIn(db, "admin", second);
      expect((await getAdminContext())?.org.suspendedAt).toBeInstanceOf(Date);
      const values = newOrgValues();
      expect(await run(createOrganisationAction, values)).toMatchObject({ ok: true });
      expect(await getOrganisationBySlug(db, values.slug)).not.toBeNull();
      expect(
        await run(inviteAdminAction, { email: randomEmail("x"), role: "admin" }),
      ).toMatchObject({ ok: false, message: CONSOLE_SUSPENDED });
    } finally {
      await logIn(db, "admin", op.admin);
      expect(await run(reactivateOrganisationAction, { orgId: second.orgId })).toMatchObject({
        ok: true,
      });
    }
  });

  it("R-ORG-CREATE: the operator cannot suspend their own organisation", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    await logIn(db, "admin", op.admin);
    expect(await run(suspendOrganisationAction, { orgId: op.org.id })).toMatchObject({
      ok: false,
      message: "You cannot suspend your own organisation.",
    });
    expect((await getOrganisation(db, op.org.id))?.suspendedAt).toBeNull();
  });

  it("R-ORG-CREATE: the owner of another organisation, a viewer, a developer session and no session are refused every operator action, and nothing changes", async () => {
    const db = getDb();
    await makeOperator(db);
    const victim = await makeOrg(db);
    const suspended = await makeOrg(db, { suspendedAt: new Date() });
    const other = await makeOrg(db);
    const otherOwner = await makeAdmin(db, other.id, { role: "owner" });
    const viewer = await makeAdmin(db, other.id, { role: "viewer" });
    const developer = await makeDeveloper(db, other.id);
    const values = newOrgValues();
    const calls: Array<[Action, Record<string, string>]> = [
      [createOrganisationAction, values],
      [suspendOrganisationAction, { orgId: victim.id, reason: "because" }],
      [reactivateOrganisationAction, { orgId: suspended.id }],
    ];
    const who: Array<[string, () => Promise<void>, string]> = [
      [
        "owner",
        () => logIn(db, "admin", otherOwner),
        "Only the install operator can manage organisations.",
      ],
      [
        "viewer",
        () => logIn(db, "admin", viewer),
        "Only the install operator can manage organisations.",
      ],
      [
        "developer",
        () => logIn(db, "developer", developer),
        "Your session has ended. Log in again.",
      ],
      ["nobody", async () => void (ctx.session = null), "Your session has ended. Log in again."],
    ];
    for (const [, logInAs, message] of who) {
      await logInAs();
      for (const [action, input] of calls)
        expect(await run(action, input)).toMatchObject({ ok: false, message });
    }
    expect(await getOrganisationBySlug(db, values.slug)).toBeNull();
    expect(await findAdminByEmail(db, values.ownerEmail)).toBeNull();
    expect((await getOrganisation(db, victim.id))?.suspendedAt).toBeNull();
    expect((await getOrganisation(db, suspended.id))?.suspendedAt).toBeInstanceOf(Date);
    for (const org of [victim, suspended])
      expect(await auditActions(db, org.id, org.id)).toEqual([]);
    // The page's list (Console → Organisations) answers the same to the owner: forbidden.
    expect(
      await listOrganisationsForOperator(db, { admin: otherOwner, org: other }, 1),
    ).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
  });

  it("R-ORG-CREATE: the operator's list shows every organisation with its developer count and status", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    const a = await makeOrg(db);
    const b = await makeOrg(db, { suspendedAt: new Date() });
    await makeDeveloper(db, a.id);
    await makeDeveloper(db, a.id);
    const listed = await listOrganisationsForOperator(db, op, 1, 10);
    if (!listed.ok) throw new Error(listed.message);
    const byId = new Map(listed.value.rows.map((r) => [r.id, r]));
    expect(byId.get(b.id)).toMatchObject({
      slug: b.slug,
      developers: 0,
      suspendedAt: expect.any(Date),
    });
    expect(byId.get(a.id)).toMatchObject({ slug: a.slug, developers: 2, suspendedAt: null });
    expect(listed.value.total).toBeGreaterThanOrEqual(3);
  });

  it("R-ORG-CREATE: operators are the install's first owner and GATEHOUSE_OPERATOR_EMAILS; invited, disabled or demoted accounts are not", async () => {
    const db = getDb();
    const op = await makeOperator(db);
    expect(await isOperator(db, op.admin)).toBe(true);
    expect(await isOperator(db, { ...op.admin, status: "inactive" })).toBe(false);
    expect(await isOperator(db, { ...op.admin, passwordHash: null })).toBe(false);
    const org = await makeOrg(db);
    const owner = await makeAdmin(db, org.id, { role: "owner" });
    expect(await isOperator(db, owner)).toBe(false);
    expect(await isOperator(db, owner, [owner.email])).toBe(true);
    if (target === "pglite") {
      // A fresh database: the first organisation's first admin stands for the /setup owner.
      const firstId = await firstAdminId(db);
      const [first] = await db
        .select()
        .from(adminUsers)
        .where(eq(adminUsers.id, firstId ?? ""));
      if (!first) throw new Error("no admin");
      const asOwner = { ...first, role: "owner" as const, passwordHash: "x" };
      expect(await isOperator(db, asOwner, [])).toBe(true);
      expect(await isOperator(db, { ...asOwner, role: "admin" }, [])).toBe(false);
      // Admins created later, even owners of the first organisation, are not.
      const second = await makeAdmin(db, first.orgId, { role: "owner" });
      expect(await isOperator(db, second, [])).toBe(false);
    } else {
      // Inserted at the same instant (the demo seed's owner and viewer): the owner is first.
      await openRollbackScope(db).then(async (scope) => {
        try {
          const at = new Date("2000-01-01T00:00:00Z");
          const org = await makeOrg(scope.db, { createdAt: at });
          const rows = await scope.db
            .insert(adminUsers)
            .values(
              ["viewer", "admin", "owner", "viewer"].map((role, i) => ({
                orgId: org.id,
                email: randomEmail(`tie${i}`),
                name: "Tie",
                role: role as "owner" | "admin" | "viewer",
                passwordHash: "x",
                createdAt: at,
              })),
            )
            .returning();
          expect(await firstAdminId(scope.db)).toBe(rows.find((r) => r.role === "owner")?.id);
        } finally {
          await scope.release();
        }
      });
    }
  });
});
