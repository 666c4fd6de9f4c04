import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiSchema, normaliseListenPath, slugify } from "@/lib/validation/apis";
import { createCatalogEntrySchema } from "@/lib/validation/catalog";
import {
  collectRows,
  deriveFieldKey,
  fieldRowsToValues,
  parseFieldRows,
} from "@/lib/validation/field-definitions";
import { createPolicySchema, parseAccessRows } from "@/lib/validation/policies";
import { parseEmailSender, portalSettingsSchema } from "@/lib/validation/settings";

function errorsOf(r: { success: boolean; error?: z.ZodError }) {
  return r.error ? (z.flattenError(r.error).fieldErrors as Record<string, string[]>) : {};
}

const api = {
  name: "Weather",
  slug: "weather",
  listenPath: "/weather",
  description: "",
  docsMarkdown: "",
  openapiUrl: "",
  upstreamUrl: "",
  authType: "key",
};

describe("API form validation", () => {
  it("R-GW-VERIFY: listen paths start with / and are normalised to end with /", () => {
    expect(normaliseListenPath("/weather")).toBe("/weather/");
    expect(normaliseListenPath("//a//b")).toBe("/a/b/");
    expect(createApiSchema.parse(api)).toMatchObject({
      listenPath: "/weather/",
      docsMarkdown: null,
      openapiUrl: null,
    });
    expect(
      errorsOf(createApiSchema.safeParse({ ...api, listenPath: "weather" })).listenPath?.[0],
    ).toMatch(/Start with "\/"/);
    expect(
      errorsOf(createApiSchema.safeParse({ ...api, listenPath: "/a b" })).listenPath,
    ).toBeDefined();
    expect(
      errorsOf(createApiSchema.safeParse({ ...api, openapiUrl: "ftp://x" })).openapiUrl,
    ).toBeDefined();
    expect(
      errorsOf(createApiSchema.safeParse({ ...api, authType: "basic" })).authType,
    ).toBeDefined();
  });

  it("R-CATALOG: an empty slug or path gets one message; slugs are suggested from names", () => {
    const errors = errorsOf(createApiSchema.safeParse({ ...api, slug: "", listenPath: "" }));
    expect(errors.slug).toEqual(["Enter a slug, like weather."]);
    expect(errors.listenPath).toEqual(["Enter the path prefix, like /weather/."]);
    expect(slugify("Weather & Geocoding — Pro")).toBe("weather-geocoding-pro");
    expect(slugify("  Ünïcode API ")).toBe("unicode-api");
  });
});

describe("Field definitions editor rows", () => {
  it("R-PORTAL-SIGNUP: rows become definitions; keys derive from labels; blank rows are ignored", () => {
    expect(deriveFieldKey("Main use case")).toBe("main_use_case");
    expect(deriveFieldKey("Société")).toBe("societe");
    expect(deriveFieldKey("2nd phone")).toBe("f_2nd_phone");
    const raw = {
      "r.0.label": "Company",
      "r.0.key": "",
      "r.0.type": "text",
      "r.0.required": "on",
      "r.0.options": "",
      "r.1.label": "",
      "r.1.key": "",
      "r.1.type": "text",
      "r.1.options": "",
      "r.2.label": "Plan",
      "r.2.key": "plan",
      "r.2.type": "select",
      "r.2.options": "Free, Pro, Free",
    };
    expect(parseFieldRows(raw, "r")).toEqual({
      fields: [
        { key: "company", label: "Company", type: "text", required: true },
        { key: "plan", label: "Plan", type: "select", required: false, options: ["Free", "Pro"] },
      ],
      issues: [],
    });
    expect(
      collectRows(
        fieldRowsToValues("r", [{ key: "a", label: "A", type: "checkbox", required: true }]),
        "r",
      ),
    ).toEqual([
      { index: 0, values: { label: "A", key: "a", type: "checkbox", required: "on", options: "" } },
    ]);
  });

  it("R-CATALOG: row errors are reported beside the row's own input", () => {
    const raw = {
      "reason.0.label": "Company",
      "reason.0.type": "select",
      "reason.0.options": "",
      "reason.1.label": "Company",
      "reason.1.type": "text",
      "reason.2.label": "X",
      "reason.2.key": "Bad Key",
      "reason.2.type": "text",
      "reason.3.label": "",
      "reason.3.key": "k",
      "reason.3.type": "nope",
    };
    const { issues } = parseFieldRows(raw, "reason");
    expect(issues.map((i) => i.path)).toEqual([
      "reason.0.options",
      "reason.1.label",
      "reason.2.key",
      "reason.3.label",
      "reason.3.type",
    ]);
  });
});

const policy = {
  name: "Free",
  rate: "10",
  per: "60",
  quotaMax: "1000",
  quotaRenewal: "86400",
  quotaRenewalCustom: "",
  keyExpiryDays: "",
  tags: "free, web, free",
};

describe("Policy form validation", () => {
  it("R-GW-VERIFY: limits, unlimited quota, renewal presets, expiry in days and tags", () => {
    expect(createPolicySchema.parse(policy)).toEqual({
      name: "Free",
      rate: 10,
      per: 60,
      quotaMax: 1000,
      quotaRenewalSeconds: 86400,
      keyExpiresInSeconds: null,
      isInactive: false,
      allowOauth: false,
      tags: ["free", "web"],
      access: [],
    });
    expect(
      createPolicySchema.parse({
        ...policy,
        quotaUnlimited: "on",
        quotaMax: "",
        keyExpiryDays: "30",
        quotaRenewal: "custom",
        quotaRenewalCustom: "7200",
      }),
    ).toMatchObject({ quotaMax: -1, keyExpiresInSeconds: 30 * 86400, quotaRenewalSeconds: 7200 });
  });

  it("R-GW-VERIFY: every wrong field is reported at once, dependent ones included", () => {
    const r = createPolicySchema.safeParse({
      ...policy,
      name: "",
      rate: "ten",
      quotaMax: "",
      quotaRenewal: "custom",
      quotaRenewalCustom: "0",
      keyExpiryDays: "-3",
    });
    expect(Object.keys(errorsOf(r)).sort()).toEqual([
      "keyExpiryDays",
      "name",
      "quotaMax",
      "quotaRenewalCustom",
      "rate",
    ]);
  });

  it("R-GW-VERIFY: access rights per API: granted only when ticked; methods and path prefixes checked", () => {
    const raw = {
      "access.api_a.granted": "on",
      "access.api_a.methods": ["GET", "post"],
      "access.api_a.paths": "/current\n\n/forecast\n/current",
      "access.api_b.methods": "GET",
      "access.api_c.granted": "on",
      "access.api_c.paths": "",
    };
    expect(parseAccessRows(raw)).toEqual({
      access: [
        {
          apiId: "api_a",
          allowedMethods: ["GET", "POST"],
          allowedPaths: ["/current", "/forecast"],
        },
        { apiId: "api_c", allowedMethods: [], allowedPaths: [] },
      ],
      issues: [],
    });
    const bad = parseAccessRows({
      "access.api_a.granted": "on",
      "access.api_a.methods": "TRACE",
      "access.api_a.paths": "current",
    });
    expect(bad.issues.map((i) => i.path)).toEqual(["access.api_a.methods", "access.api_a.paths"]);
  });
});

describe("Catalog entry form validation", () => {
  it("R-CATALOG: approval override '' means the organisation default; reason fields parsed", () => {
    const entry = {
      policyId: "pol_1",
      name: "Pro",
      slug: "pro",
      visibility: "public",
      approvalMode: "",
      "reason.0.label": "What will you build?",
      "reason.0.type": "textarea",
      "reason.0.required": "on",
    };
    expect(createCatalogEntrySchema.parse(entry)).toMatchObject({
      approvalMode: null,
      reasonFields: [
        {
          key: "what_will_you_build",
          label: "What will you build?",
          type: "textarea",
          required: true,
        },
      ],
    });
    expect(createCatalogEntrySchema.parse({ ...entry, approvalMode: "admin" }).approvalMode).toBe(
      "admin",
    );
    const r = createCatalogEntrySchema.safeParse({ ...entry, policyId: "", "reason.0.label": "" });
    expect(Object.keys(errorsOf(r)).sort()).toEqual(["policyId", "reason.0.label"]);
  });
});

const settings = {
  minLength: "8",
  keyRequestMode: "auto",
  keyRequestRedirectUrl: "",
  emailFrom: "",
};

describe("Portal settings validation", () => {
  it("R-PORTAL-SIGNUP, R-SEC-PASSWORDS: the minimum password length has a floor of 8 (the legacy 6 is raised, never lowered)", () => {
    expect(
      errorsOf(portalSettingsSchema.safeParse({ ...settings, minLength: "6" })).minLength?.[0],
    ).toMatch(/At least 8/);
    expect(portalSettingsSchema.parse({ ...settings, minLength: "8" }).minPasswordLength).toBe(8);
  });

  it("R-KEYREQ-MODES: redirect needs a URL; secure approval only with admin approval", () => {
    expect(
      errorsOf(portalSettingsSchema.safeParse({ ...settings, keyRequestMode: "redirect" }))
        .keyRequestRedirectUrl,
    ).toBeDefined();
    expect(
      portalSettingsSchema.parse({
        ...settings,
        keyRequestMode: "redirect",
        keyRequestRedirectUrl: "https://a.test/x",
      }).keyRequestRedirectUrl,
    ).toBe("https://a.test/x");
    expect(
      portalSettingsSchema.parse({ ...settings, keyRequestMode: "admin", secureKeyApproval: "on" })
        .secureKeyApproval,
    ).toBe(true);
    expect(
      portalSettingsSchema.parse({ ...settings, keyRequestMode: "auto", secureKeyApproval: "on" })
        .secureKeyApproval,
    ).toBe(false);
  });

  it("R-KEYREQ-MODES: the email sender is 'Name <email>' or an address", () => {
    expect(parseEmailSender("")).toBeNull();
    expect(parseEmailSender(" Acme APIs <apis@acme.test> ")).toBe("Acme APIs <apis@acme.test>");
    expect(parseEmailSender('"Acme" <apis@acme.test>')).toBe("Acme <apis@acme.test>");
    expect(parseEmailSender("apis@acme.test")).toBe("apis@acme.test");
    expect(parseEmailSender("Acme <not-an-email>")).toBeUndefined();
    expect(
      errorsOf(portalSettingsSchema.safeParse({ ...settings, emailFrom: "Acme" })).emailFrom,
    ).toBeDefined();
  });
});
