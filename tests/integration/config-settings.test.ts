import { expect, it } from "vitest";
import {
  getPortalSettings,
  type PortalSettings,
  updatePortalSettings,
} from "@/db/queries/settings";
import { savePortalSettings } from "@/lib/settings/portal-settings";
import { signupSchema } from "@/lib/validation/auth";
import { describeEachDb, makeOrg } from "../helpers/db";
import { auditActions, makeActor } from "./config-fixtures";

function settings(overrides: Partial<PortalSettings> = {}): PortalSettings {
  return {
    signupFields: [],
    minPasswordLength: 8,
    requireEmailVerification: false,
    keyRequestMode: "auto",
    keyRequestRedirectUrl: null,
    secureKeyApproval: false,
    emailFrom: null,
    quotaAlertThresholds: [80, 100],
    ...overrides,
  };
}

describeEachDb("Portal settings: queries and admin functions", (getDb) => {
  it("R-PORTAL-SIGNUP: saved signup fields and password length drive the signup form's validation", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    const fields = [{ key: "company", label: "Company", type: "text" as const, required: true }];
    const saved = await savePortalSettings(
      db,
      org.id,
      actor,
      settings({ signupFields: fields, minPasswordLength: 12, requireEmailVerification: true }),
    );
    expect(saved).toMatchObject({ ok: true });
    const stored = await getPortalSettings(db, org.id);
    expect(stored).toMatchObject({
      signupFields: fields,
      minPasswordLength: 12,
      requireEmailVerification: true,
    });
    if (!stored) return;
    const schema = signupSchema(stored.minPasswordLength, stored.signupFields);
    const base = { org: "x", name: "Ann", email: "ann@example.test" };
    expect(
      schema.safeParse({ ...base, password: "elevenchars", cf_company: "Globex" }).success,
    ).toBe(false);
    expect(schema.safeParse({ ...base, password: "twelve-chars", cf_company: "" }).success).toBe(
      false,
    );
    expect(
      schema.safeParse({ ...base, password: "twelve-chars", cf_company: "Globex" }).success,
    ).toBe(true);
  });

  it("R-KEYREQ-MODES: approval mode, redirect URL, secure approval and sender are stored and audited", async () => {
    const db = getDb();
    const org = await makeOrg(db);
    const actor = await makeActor(db, org.id);
    await savePortalSettings(
      db,
      org.id,
      actor,
      settings({
        keyRequestMode: "admin",
        secureKeyApproval: true,
        emailFrom: "Acme <apis@acme.test>",
      }),
    );
    expect(await getPortalSettings(db, org.id)).toMatchObject({
      keyRequestMode: "admin",
      secureKeyApproval: true,
      emailFrom: "Acme <apis@acme.test>",
    });
    await savePortalSettings(
      db,
      org.id,
      actor,
      settings({ keyRequestMode: "redirect", keyRequestRedirectUrl: "https://acme.test/apply" }),
    );
    expect(await getPortalSettings(db, org.id)).toMatchObject({
      keyRequestMode: "redirect",
      keyRequestRedirectUrl: "https://acme.test/apply",
      secureKeyApproval: false,
      emailFrom: null,
    });
    expect(await auditActions(db, org.id, org.id)).toEqual([
      "settings.updated",
      "settings.updated",
    ]);
  });

  it("R-ORG-ISOLATION: settings of one organisation never change another's", async () => {
    const db = getDb();
    const [mine, theirs] = [await makeOrg(db), await makeOrg(db)];
    const actor = await makeActor(db, mine.id);
    const before = await getPortalSettings(db, theirs.id);
    await savePortalSettings(
      db,
      mine.id,
      actor,
      settings({ minPasswordLength: 20, keyRequestMode: "webhook" }),
    );
    expect(await getPortalSettings(db, theirs.id)).toEqual(before);
    expect(await getPortalSettings(db, "org_missing")).toBeNull();
    expect(await updatePortalSettings(db, "org_missing", settings())).toBeNull();
    expect(await savePortalSettings(db, "org_missing", actor, settings())).toMatchObject({
      ok: false,
      reason: "not_found",
    });
  });
});
