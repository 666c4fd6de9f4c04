import fc from "fast-check";
import { beforeEach, expect, it, vi } from "vitest";

/**
 * R-SEC-BAD-INPUT on the admin console's text forms, through the real server actions and the
 * database: add and edit developer (custom fields of every type) and the decline reason of a
 * key request. Hostile text in any field is refused with a message and writes nothing, or is
 * stored clean. Stood in for: the session cookie (auth() answers with a real session row's
 * claims) and Next's cache (no request around the action).
 */
vi.mock("@/lib/auth", () => import("../helpers/action-harness").then((h) => h.authStandIn()));
vi.mock("next/cache", () => import("../helpers/action-harness").then((h) => h.cacheStandIn()));
vi.mock("next/server", (o) => import("../helpers/action-harness").then((h) => h.serverStandIn(o)));

import { actionHarness as ctx } from "../helpers/action-harness";

import { addDeveloperAction, editDeveloperAction } from "@/app/admin/(console)/developers/actions";
import { declineKeyRequestAction } from "@/app/admin/(console)/key-requests/actions";
import type { DbHandle } from "@/db";
import { findDeveloperByEmail, getDeveloper } from "@/db/queries/developers";
import { getKeyRequest } from "@/db/queries/key-requests";
import type { KeyRequest } from "@/db/schema";
import type { ActionState } from "@/lib/actions/state";
import { requestKey } from "@/lib/keyrequests/request";
import { ALL_FIELD_TYPES, expectCleanText, runAction } from "../helpers/bad-input-actions";
import { describeEachDb, makeAdmin, makeDeveloper, makeOrg } from "../helpers/db";
import { form, RUNS, withHostileFields } from "../helpers/hostile-input";
import { makeEntry, setOrgSettings } from "../helpers/portal-fixtures";
import { signedInClaims } from "../helpers/sessions";

const initial: ActionState = { ok: false };

describeEachDb("R-SEC-BAD-INPUT: admin console forms", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
    ctx.session = null;
  });

  async function consoleOf(orgOverrides: Parameters<typeof makeOrg>[1] = {}) {
    const db = getDb();
    const created = await makeOrg(db, orgOverrides);
    const org = await setOrgSettings(db, created.id, { signupFields: ALL_FIELD_TYPES });
    const admin = await makeAdmin(db, org.id);
    ctx.session = { claims: await signedInClaims(db, "admin", admin) };
    return { db, org, admin };
  }

  it("R-SEC-BAD-INPUT: Add developer with hostile profile or custom fields is refused with a message and stores nothing, or stores clean text", async () => {
    const { db, org } = await consoleOf();
    const valid = {
      name: "Katherine Johnson",
      email: "placeholder",
      telephone: "+1 555 0100",
      country: "US",
      access: "invite",
      cf_company: "NASA",
      cf_details: "Orbits\nand trajectories",
      cf_plan: "free",
      cf_agree: "on",
    };
    const fields = withHostileFields(valid, [
      "name",
      "email",
      "telephone",
      "country",
      "access",
      "cf_company",
      "cf_details",
      "cf_plan",
      "cf_agree",
    ]);
    await fc.assert(
      fc.asyncProperty(fields, fc.uuid(), async (values, id) => {
        const email = values.email === "placeholder" ? `${id}@example.test` : String(values.email);
        const r = await runAction(db, org.id, () =>
          addDeveloperAction(initial, form({ ...(values as Record<string, string>), email })),
        );
        if (r.outcome === "refused") return;
        const dev = await findDeveloperByEmail(db, org.id, email);
        expect(dev, "an added developer was stored").not.toBeNull();
        expectCleanText([dev?.name, dev?.email, dev?.telephone, dev?.country, dev?.customFields]);
      }),
      RUNS,
    );
  }, 120_000);

  it("R-SEC-BAD-INPUT: Edit developer with hostile fields or id is refused and changes nothing, or saves clean text", async () => {
    const { db, org } = await consoleOf();
    const dev = await makeDeveloper(db, org.id);
    const valid = {
      developerId: dev.id,
      name: "Dorothy Vaughan",
      email: dev.email,
      telephone: "",
      country: "",
      cf_company: "NACA",
      cf_details: "FORTRAN",
      cf_plan: "pro",
    };
    const fields = withHostileFields(valid, [
      "developerId",
      "name",
      "email",
      "telephone",
      "country",
      "cf_company",
      "cf_details",
      "cf_plan",
    ]);
    await fc.assert(
      fc.asyncProperty(fields, async (values) => {
        const before = await getDeveloper(db, org.id, dev.id);
        const r = await runAction(db, org.id, () =>
          editDeveloperAction(initial, form(values as Record<string, string>)),
        );
        const after = await getDeveloper(db, org.id, dev.id);
        if (r.outcome === "refused") expect(after).toEqual(before);
        else expectCleanText([after?.name, after?.email, after?.customFields]);
      }),
      RUNS,
    );
  }, 120_000);

  it("R-SEC-BAD-INPUT: a decline with a hostile reason or request id is refused and leaves the request pending, or declines it with a clean reason", async () => {
    const { db, org } = await consoleOf({ keyRequestMode: "admin" });
    const { entry } = await makeEntry(db, org.id);
    let pending: KeyRequest | null = null;
    async function pendingRequest(): Promise<KeyRequest> {
      if (pending?.status === "pending") return pending;
      const dev = await makeDeveloper(db, org.id);
      const r = await requestKey(db, org, dev, entry, {});
      if (!r.ok || r.value.kind !== "pending")
        throw new Error(`unexpected ${r.ok ? r.value.kind : r.message}`);
      pending = await getKeyRequest(db, org.id, r.value.requestId);
      if (!pending) throw new Error("request vanished");
      return pending;
    }
    await fc.assert(
      fc.asyncProperty(
        withHostileFields({ requestId: "current", reason: "Not for\nproduction use." }, [
          "requestId",
          "reason",
        ]),
        async (values) => {
          const request = await pendingRequest();
          const requestId = values.requestId === "current" ? request.id : String(values.requestId);
          const r = await runAction(db, org.id, () =>
            declineKeyRequestAction(initial, form({ requestId, reason: String(values.reason) })),
          );
          pending = await getKeyRequest(db, org.id, request.id);
          if (r.outcome === "refused") expect(pending?.status).toBe("pending");
          else {
            expect(pending?.status).toBe("declined");
            expectCleanText(pending?.declineReason);
          }
        },
      ),
      RUNS,
    );
  }, 120_000);
});
