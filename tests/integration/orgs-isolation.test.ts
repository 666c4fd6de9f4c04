import { beforeEach, expect, it, vi } from "vitest";

/**
 * R-ORG-ISOLATION on an install holding three organisations, each made the way an operator makes
 * one (R-ORG-CREATE: createOrganisation, the owner accepting the emailed invitation). The owner
 * of each sees only their own developers, keys and key requests in the console's queries, and
 * the console's actions given another organisation's ids change nothing anywhere.
 */
const env = vi.hoisted(() => {
  const operatorEmail = `operator.${Math.random().toString(16).slice(2)}@example.test`;
  process.env.GATEHOUSE_OPERATOR_EMAILS = operatorEmail;
  return { operatorEmail };
});
vi.mock("@/lib/auth", () => import("../helpers/action-harness").then((h) => h.authStandIn()));
vi.mock("next/cache", () => import("../helpers/action-harness").then((h) => h.cacheStandIn()));
vi.mock("next/server", (o) => import("../helpers/action-harness").then((h) => h.serverStandIn(o)));

import { actionHarness as ctx } from "../helpers/action-harness";

import {
  deleteDeveloperAction,
  revokeKeyAction,
  setDeveloperStatusAction,
} from "@/app/admin/(console)/developers/actions";
import {
  approveKeyRequestAction,
  declineKeyRequestAction,
} from "@/app/admin/(console)/key-requests/actions";
import type { Db, DbHandle } from "@/db";
import { findAdminByEmail, listAdmins } from "@/db/queries/admins";
import { listDevelopers } from "@/db/queries/developers";
import { insertKeyRequest, listKeyRequests } from "@/db/queries/key-requests";
import { listOrgKeys } from "@/db/queries/keys";
import type { ActionState } from "@/lib/actions/state";
import { acceptAdminInvitation } from "@/lib/admins/invitation";
import { getAdminContext } from "@/lib/auth/guards";
import { createOrganisation } from "@/lib/orgs/manage";
import { appUrl } from "@/lib/url";
import {
  describeEachDb,
  makeAdmin,
  makeDeveloper,
  makeOrg,
  randomEmail,
  randomSlug,
} from "../helpers/db";
import { makeKey } from "../helpers/dev-fixtures";
import { isRedirect, rowCounts } from "../helpers/hostile-input";
import { keyRequestRow, makeEntry, onlyEmail, tokenFromLink } from "../helpers/portal-fixtures";
import { signedInClaims } from "../helpers/sessions";

type Action = (prev: ActionState, fd: FormData) => Promise<ActionState>;

async function run(action: Action, values: Record<string, string>): Promise<ActionState> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  try {
    return await action({ ok: false }, fd);
  } catch (err) {
    if (isRedirect(err)) return { ok: true, message: "redirected" };
    throw err;
  }
}

/** One organisation as the operator creates it, with an accepted owner and some data. */
async function makeTenant(db: Db, operator: Parameters<typeof createOrganisation>[1], i: number) {
  const ownerEmail = randomEmail(`owner${i}`);
  const created = await createOrganisation(
    db,
    operator,
    { name: `Tenant ${i}`, slug: randomSlug(`tenant${i}`), ownerEmail },
    appUrl(),
  );
  if (!created.ok) throw new Error(created.message);
  await Promise.all(ctx.after.splice(0));
  const orgId = created.value.orgId;
  const mail = await onlyEmail(db, orgId, ownerEmail, "adminInvitation");
  const token = tokenFromLink(mail.text, `${appUrl()}/admin/invite`);
  const accepted = await acceptAdminInvitation(db, token, {
    name: `Owner ${i}`,
    password: "a-long-owner-passphrase",
  });
  if (!accepted.ok) throw new Error(accepted.message);
  const owner = await findAdminByEmail(db, ownerEmail);
  if (!owner) throw new Error("owner missing");
  const { entry, policy } = await makeEntry(db, orgId);
  const developers = [await makeDeveloper(db, orgId), await makeDeveloper(db, orgId)];
  const keys = await Promise.all(
    developers.map(async (d) => (await makeKey(db, orgId, d.id, [policy.id])).key),
  );
  const request = await insertKeyRequest(db, orgId, {
    developerId: developers[0]?.id ?? "",
    catalogEntryId: entry.id,
    policyIds: [policy.id],
    reasonAnswers: {},
  });
  if (!request) throw new Error("request missing");
  return { orgId, owner, developers, keys, request };
}

describeEachDb("R-ORG-ISOLATION: an install with three organisations", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
    ctx.session = null;
    ctx.after = [];
  });

  it("R-ORG-ISOLATION, R-ORG-CREATE: each organisation's owner sees only its own admins, developers, keys and key requests, and actions with another organisation's ids change nothing", async () => {
    const db = getDb();
    const home = await makeOrg(db);
    const opAdmin =
      (await findAdminByEmail(db, env.operatorEmail)) ??
      (await makeAdmin(db, home.id, { email: env.operatorEmail, role: "owner" }));
    const operator = { admin: opAdmin, org: home };
    const tenants = [
      await makeTenant(db, operator, 1),
      await makeTenant(db, operator, 2),
      await makeTenant(db, operator, 3),
    ];

    for (const t of tenants) {
      ctx.session = { claims: await signedInClaims(db, "admin", t.owner) };
      const me = await getAdminContext();
      expect(me?.orgId).toBe(t.orgId);
      const orgId = me?.orgId ?? "";
      // Queries: what the console lists is the tenant's own, nothing more.
      expect((await listAdmins(db, orgId)).map((a) => a.id)).toEqual([t.owner.id]);
      const devs = await listDevelopers(db, orgId, { pageSize: 100 });
      expect(devs.rows.map((d) => d.id).sort()).toEqual(t.developers.map((d) => d.id).sort());
      const keys = await listOrgKeys(db, orgId, { pageSize: 100 });
      expect(keys.rows.map((k) => k.id).sort()).toEqual(t.keys.map((k) => k.id).sort());
      const requests = await listKeyRequests(db, orgId, { pageSize: 100 });
      expect(requests.rows.map((r) => r.request.id)).toEqual([t.request.id]);

      // Actions: every other tenant's ids are unknown here, and nothing of theirs changes.
      for (const other of tenants.filter((o) => o !== t)) {
        const before = await rowCounts(db, other.orgId);
        const [dev] = other.developers;
        const [key] = other.keys;
        const results = [
          await run(setDeveloperStatusAction, { developerId: dev?.id ?? "", status: "inactive" }),
          await run(deleteDeveloperAction, { developerId: dev?.id ?? "", confirm: "delete" }),
          await run(revokeKeyAction, { developerId: dev?.id ?? "", keyId: key?.id ?? "" }),
          await run(approveKeyRequestAction, { requestId: other.request.id }),
          await run(declineKeyRequestAction, { requestId: other.request.id, reason: "no" }),
        ];
        expect(results.map((r) => [r.ok, r.message])).toEqual([
          [false, "Developer not found."],
          [false, "Developer not found."],
          [false, "Key not found or already revoked."],
          [false, "Key request not found."],
          [false, "Key request not found."],
        ]);
        expect(await rowCounts(db, other.orgId)).toEqual(before);
        expect((await keyRequestRow(db, other.request.id))?.status).toBe("pending");
        const theirKeys = await listOrgKeys(db, other.orgId, { pageSize: 100 });
        expect(theirKeys.rows.map((k) => k.status)).toEqual(["active", "active"]);
        const theirDevs = await listDevelopers(db, other.orgId, { pageSize: 100 });
        expect(theirDevs.rows.map((d) => d.status)).toEqual(["active", "active"]);
      }
    }
  });
});
