import fc from "fast-check";
import { beforeEach, expect, it, vi } from "vitest";

/**
 * R-SEC-BAD-INPUT on the developer portal's forms, through the real server actions and the
 * database: signup (with custom fields of every type), profile edit, password reset request and
 * key request reason fields. Each field in turn gets hostile text (NUL, C0/C1 controls, bidi,
 * lone surrogates, 1 MB); the answer is a refusal with a message and no row written, or a
 * success whose stored text is clean. Stood in for: the session cookie (auth() answers with a
 * real session row's claims), Next's cache and `after` (no request around the action).
 */
vi.mock("@/lib/auth", () => import("../helpers/action-harness").then((h) => h.authStandIn()));
vi.mock("next/cache", () => import("../helpers/action-harness").then((h) => h.cacheStandIn()));
vi.mock("next/server", (o) => import("../helpers/action-harness").then((h) => h.serverStandIn(o)));

import { actionHarness as ctx } from "../helpers/action-harness";

import { updateProfileAction } from "@/app/[org]/account/actions";
import { signupDeveloperAction } from "@/app/[org]/actions";
import { requestAccessAction } from "@/app/[org]/catalog/actions";
import { requestResetAction } from "@/app/[org]/reset/actions";
import type { DbHandle } from "@/db";
import { findDeveloperByEmail, getDeveloper } from "@/db/queries/developers";
import { listKeyRequests } from "@/db/queries/key-requests";
import { declineRequest } from "@/lib/keyrequests/decide";
import type { ActionState } from "@/lib/actions/state";
import { ALL_FIELD_TYPES, expectCleanText, runAction } from "../helpers/bad-input-actions";
import { describeEachDb, makeDeveloper, makeOrg } from "../helpers/db";
import { form, RUNS, withHostileFields } from "../helpers/hostile-input";
import { makeEntry, setOrgSettings } from "../helpers/portal-fixtures";
import { signedInClaims } from "../helpers/sessions";

const initial: ActionState = { ok: false };
const PASSWORD = "Sturdy-horse-battery-42";

describeEachDb("R-SEC-BAD-INPUT: developer portal forms", (getDb, target) => {
  beforeEach(() => {
    (globalThis as unknown as { gatehouseDb?: DbHandle }).gatehouseDb = {
      db: getDb(),
      driver: target,
      close: async () => {},
    };
    ctx.session = null;
    ctx.after = [];
  });

  it("R-SEC-BAD-INPUT: signup with hostile name, email, password or custom fields is refused with a message and stores nothing, or stores clean text", async () => {
    const db = getDb();
    const org = await setOrgSettings(db, (await makeOrg(db)).id, { signupFields: ALL_FIELD_TYPES });
    const valid = {
      name: "Ada Lovelace",
      email: "placeholder",
      password: PASSWORD,
      cf_company: "Analytical Engines",
      cf_details: "Line one\nline two\twith a tab",
      cf_plan: "pro",
      cf_agree: "on",
    };
    const fields = withHostileFields(valid, [
      "name",
      "email",
      "password",
      "cf_company",
      "cf_details",
      "cf_plan",
      "cf_agree",
    ]);
    await fc.assert(
      fc.asyncProperty(fields, fc.uuid(), async (values, id) => {
        const email = values.email === "placeholder" ? `${id}@example.test` : String(values.email);
        const r = await runAction(db, org.id, () =>
          signupDeveloperAction(
            initial,
            form({ ...(values as Record<string, string>), email, org: org.slug }),
          ),
        );
        if (r.outcome === "refused") return;
        const dev = await findDeveloperByEmail(db, org.id, email);
        expect(dev, "a signup that succeeded stored its developer").not.toBeNull();
        expectCleanText([dev?.name, dev?.email, dev?.customFields]);
        expect(dev?.name).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      }),
      RUNS,
    );
  }, 180_000);

  it("R-SEC-BAD-INPUT: a profile edit with hostile name, telephone or country is refused and changes nothing, or saves clean text", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    ctx.session = { claims: await signedInClaims(db, "developer", dev) };
    const valid = { name: "Grace Hopper", telephone: "+44 20 7946 0000", country: "GB" };
    await fc.assert(
      fc.asyncProperty(
        withHostileFields(valid, ["name", "telephone", "country"]),
        async (values) => {
          const before = await getDeveloper(db, org.id, dev.id);
          const r = await runAction(db, org.id, () =>
            updateProfileAction(
              initial,
              form({ ...(values as Record<string, string>), org: org.slug }),
            ),
          );
          const after = await getDeveloper(db, org.id, dev.id);
          if (r.outcome === "refused") expect(after).toEqual(before);
          else expectCleanText([after?.name, after?.telephone, after?.country]);
        },
      ),
      RUNS,
    );
  }, 120_000);

  it("R-SEC-BAD-INPUT: a password reset request with a hostile email is refused with a message and sends nothing", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const dev = await makeDeveloper(db, org.id);
    await fc.assert(
      fc.asyncProperty(withHostileFields({ email: dev.email }, ["email"]), async (values) => {
        const r = await runAction(db, org.id, () =>
          requestResetAction(
            initial,
            form({ ...(values as Record<string, string>), org: org.slug }),
          ),
        );
        await Promise.all(ctx.after.splice(0));
        if (r.outcome === "done") expectCleanText(values.email);
      }),
      RUNS,
    );
  }, 120_000);

  it("R-SEC-BAD-INPUT: a key request with hostile reason answers (every field type) or entry id is refused and records nothing, or records clean answers", async () => {
    const db = getDb();
    const org = await makeOrg(db, { keyRequestMode: "admin" });
    const { entry } = await makeEntry(db, org.id, { reasonFields: ALL_FIELD_TYPES });
    const dev = await makeDeveloper(db, org.id);
    ctx.session = { claims: await signedInClaims(db, "developer", dev) };
    const valid = {
      entryId: entry.id,
      reason_company: "Acme",
      reason_details: "We forecast\nthe weather.",
      reason_plan: "free",
      reason_agree: "on",
    };
    const fields = withHostileFields(valid, [
      "entryId",
      "reason_company",
      "reason_details",
      "reason_plan",
      "reason_agree",
    ]);
    await fc.assert(
      fc.asyncProperty(fields, async (values) => {
        const r = await runAction(db, org.id, () =>
          requestAccessAction(
            initial,
            form({ ...(values as Record<string, string>), org: org.slug }),
          ),
        );
        if (r.outcome === "refused") return;
        expect(r.state?.data?.status).toBe("pending");
        const pending = await listKeyRequests(db, org.id, {
          status: "pending",
          page: 1,
          pageSize: 5,
        });
        expect(pending.rows, "the accepted request was recorded, once").toHaveLength(1);
        const [row] = pending.rows;
        if (!row) return;
        expectCleanText(row.request.reasonAnswers);
        // Decided, so the next run may ask again (one pending request per developer and API).
        await declineRequest(
          db,
          org,
          row.request.id,
          { actorType: "system", actorId: null },
          null,
          "https://portal.example.test",
        );
      }),
      RUNS,
    );
  }, 120_000);
});
