import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { FieldDefinition } from "@/db/schema";
import { createApiSchema } from "@/lib/validation/apis";
import { loginSchema, setupSchema, signupSchema } from "@/lib/validation/auth";
import { createCatalogEntrySchema } from "@/lib/validation/catalog";
import {
  addDeveloperSchema,
  editDeveloperSchema,
  ownProfileSchema,
} from "@/lib/validation/developers";
import { idField, isId, linkTokenField, parseId } from "@/lib/validation/ids";
import { declineBodySchema, declineKeyRequestSchema } from "@/lib/validation/key-requests";
import { createPolicySchema } from "@/lib/validation/policies";
import { portalSettingsSchema } from "@/lib/validation/settings";
import {
  nameText,
  multiLineText,
  singleLineText,
  TEXT_MESSAGES,
  textProblem,
} from "@/lib/validation/text";
import { createApiTokenSchema } from "@/lib/validation/tokens";
import { createWebhookSchema } from "@/lib/webhooks/validation";
import { hasForbiddenControl, hostileString, stringsIn } from "../helpers/hostile-input";

/**
 * R-SEC-BAD-INPUT at the schema level: the shared text helpers, and every form and body schema
 * built on them. Any text field of any schema, given hostile text, either refuses it with a
 * message on that field or yields output without a control character or broken Unicode.
 */

describe("R-SEC-BAD-INPUT: the shared text helpers", () => {
  it("R-SEC-BAD-INPUT: NUL, C0 and C1 controls and DEL are refused everywhere; tab and line breaks only in multi-line fields", () => {
    for (const c of [
      "\u0000",
      "\u0001",
      "\u001b",
      "\u001f",
      "\u007f",
      "\u0080",
      "\u0085",
      "\u009f",
    ]) {
      for (const kind of ["single", "multi", "name"] as const)
        expect(textProblem(`a${c}b`, kind), `${JSON.stringify(c)} ${kind}`).not.toBeNull();
    }
    for (const c of ["\t", "\n", "\r"]) {
      expect(textProblem(`a${c}b`, "single")).toBe(TEXT_MESSAGES.control);
      expect(textProblem(`a${c}b`, "name")).toBe(TEXT_MESSAGES.control);
      expect(textProblem(`a${c}b`, "multi")).toBeNull();
    }
  });

  it("R-SEC-BAD-INPUT: bidi overrides and isolates are refused in names and identifiers only; lone surrogates everywhere", () => {
    for (const c of [
      "\u202a",
      "\u202b",
      "\u202c",
      "\u202d",
      "\u202e",
      "\u2066",
      "\u2067",
      "\u2068",
      "\u2069",
    ]) {
      expect(textProblem(`admin${c}txt`, "name")).toBe(TEXT_MESSAGES.bidi);
      expect(textProblem(`admin${c}txt`, "multi")).toBeNull();
    }
    for (const s of ["\ud800", "a\udfffb", "\udc00\ud800"])
      expect(textProblem(s, "multi")).toBe(TEXT_MESSAGES.surrogate);
    for (const s of ["Zoë Ångström", "名前", "😀 emoji", "Ελληνικά", "עברית", "\u200d\u00a0"])
      expect(textProblem(s, "name"), s).toBeNull();
  });

  it("R-SEC-BAD-INPUT: the zod helpers put the message on the field and stop there (no length message on top)", () => {
    const schema = z.object({
      title: nameText().trim().min(1, "Enter a title.").max(5, "At most 5."),
    });
    const r = schema.safeParse({ title: "long\u0000title" });
    expect(r.success ? {} : z.flattenError(r.error).fieldErrors).toEqual({
      title: [TEXT_MESSAGES.control],
    });
    expect(multiLineText().parse("one\ntwo\tthree")).toBe("one\ntwo\tthree");
    expect(singleLineText().safeParse("one\ntwo").success).toBe(false);
  });

  it("R-SEC-BAD-INPUT: ids are `<prefix>_<base58>`: other prefixes, NUL and 1 MB are refused before any query", () => {
    expect(isId("dev_3hK9xYz", "dev")).toBe(true);
    for (const v of [
      "key_3hK9",
      "dev_",
      "dev_a\u0000",
      "dev_a b",
      `dev_${"a".repeat(100)}`,
      42,
      null,
    ])
      expect(parseId(v, "dev")).toBeNull();
    expect(idField("kreq").safeParse("kreq_1").success).toBe(true);
    expect(linkTokenField.safeParse("abcDEF123456789").success).toBe(true);
    expect(linkTokenField.safeParse("abcDEF12345\u0000").success).toBe(false);
  });
});

type Case = {
  name: string;
  schema: z.ZodType;
  valid: Record<string, unknown>;
  fields: string[];
};

const FIELDS: FieldDefinition[] = [
  { key: "company", label: "Company", type: "text", required: false },
  { key: "details", label: "Details", type: "textarea", required: true },
  { key: "plan", label: "Plan", type: "select", required: false, options: ["free", "pro"] },
];
const custom = { cf_company: "Acme", cf_details: "Lines\nof text", cf_plan: "pro" };
const person = { name: "Ada", email: "ada@example.com", telephone: "+44 1", country: "GB" };

const CASES: Case[] = [
  {
    name: "setup",
    schema: setupSchema,
    valid: {
      orgName: "Acme",
      orgSlug: "acme-co",
      name: "Ada",
      email: "ada@example.com",
      password: "Sturdy-horse-battery-42",
    },
    fields: ["orgName", "orgSlug", "name", "email"],
  },
  {
    name: "login",
    schema: loginSchema,
    valid: { email: "ada@example.com", password: "x", next: "/admin" },
    fields: ["email"],
  },
  {
    name: "signup",
    schema: signupSchema(8, FIELDS),
    valid: {
      org: "acme",
      name: "Ada",
      email: "ada@example.com",
      password: "Sturdy-horse-battery-42",
      ...custom,
    },
    fields: ["name", "email", "cf_company", "cf_details", "cf_plan"],
  },
  {
    name: "add developer",
    schema: addDeveloperSchema(8, FIELDS),
    valid: { ...person, access: "invite", ...custom },
    fields: ["name", "email", "telephone", "country", "cf_company", "cf_details", "cf_plan"],
  },
  {
    name: "edit developer",
    schema: editDeveloperSchema(FIELDS),
    valid: { ...person, developerId: "dev_1", ...custom },
    fields: ["developerId", "name", "email", "telephone", "country", "cf_company", "cf_details"],
  },
  {
    name: "own profile",
    schema: ownProfileSchema(FIELDS),
    valid: { org: "acme", name: "Ada", telephone: "", country: "", ...custom },
    fields: ["name", "telephone", "country", "cf_company", "cf_details"],
  },
  {
    name: "API",
    schema: createApiSchema,
    valid: {
      name: "Weather",
      slug: "weather",
      listenPath: "/weather/",
      description: "Forecasts\nand history",
      docsMarkdown: "# Weather\n\n- a",
      openapiUrl: "https://api.example.com/openapi.json",
      upstreamUrl: "",
      authType: "key",
    },
    fields: [
      "name",
      "slug",
      "listenPath",
      "description",
      "docsMarkdown",
      "openapiUrl",
      "upstreamUrl",
    ],
  },
  {
    name: "catalog entry",
    schema: createCatalogEntrySchema,
    valid: {
      policyId: "pol_1",
      name: "Pro",
      slug: "pro",
      shortDescription: "One line",
      longDescription: "Two\nlines",
      docsMarkdown: "",
      openapiUrl: "",
      visibility: "public",
      approvalMode: "",
      "reason.0.label": "What will you build?",
      "reason.0.type": "select",
      "reason.0.options": "web, mobile",
    },
    fields: [
      "policyId",
      "name",
      "shortDescription",
      "longDescription",
      "docsMarkdown",
      "reason.0.label",
      "reason.0.options",
    ],
  },
  {
    name: "policy",
    schema: createPolicySchema,
    valid: {
      name: "Free",
      rate: "10",
      per: "60",
      quotaMax: "1000",
      quotaRenewal: "86400",
      quotaRenewalCustom: "",
      keyExpiryDays: "",
      tags: "free, web",
      "access.api_1.granted": "on",
      "access.api_1.paths": "/weather/\n/maps/",
    },
    fields: ["name", "tags", "access.api_1.paths"],
  },
  {
    name: "portal settings",
    schema: portalSettingsSchema,
    valid: {
      minLength: "8",
      keyRequestMode: "redirect",
      keyRequestRedirectUrl: "https://example.com/ask",
      emailFrom: "Acme <apis@example.com>",
      "signup.0.label": "Company",
      "signup.0.type": "text",
    },
    fields: ["keyRequestRedirectUrl", "emailFrom", "signup.0.label"],
  },
  {
    name: "webhook",
    schema: createWebhookSchema,
    valid: { url: "https://hooks.example.com/gatehouse", events: ["developer.created"] },
    fields: ["url"],
  },
  {
    name: "API token",
    schema: createApiTokenSchema,
    valid: { name: "NGINX eu-west", kind: "gateway" },
    fields: ["name"],
  },
  {
    name: "decline (console)",
    schema: declineKeyRequestSchema,
    valid: { requestId: "kreq_1", reason: "Use the sandbox\nfirst." },
    fields: ["requestId", "reason"],
  },
  {
    name: "decline (management API)",
    schema: declineBodySchema,
    valid: { reason: "Use the sandbox first." },
    fields: ["reason"],
  },
];

describe("R-SEC-BAD-INPUT: every form and body schema", () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    "R-SEC-BAD-INPUT: %s — its valid input passes",
    (_name, c) => {
      const r = c.schema.safeParse(c.valid);
      expect(r.success, r.success ? "" : JSON.stringify(z.flattenError(r.error))).toBe(true);
    },
  );

  it.each(CASES.map((c) => [c.name, c] as const))(
    "R-SEC-BAD-INPUT: %s — hostile text in any field is refused on that field, or the output is clean",
    (_name, c) => {
      fc.assert(
        fc.property(fc.constantFrom(...c.fields), hostileString, (field, value) => {
          const r = c.schema.safeParse({ ...c.valid, [field]: value });
          if (r.success) {
            for (const s of stringsIn(r.data))
              expect(hasForbiddenControl(s), `${field}: ${JSON.stringify(s).slice(0, 60)}`).toBe(
                false,
              );
            return;
          }
          const errors = z.flattenError(r.error).fieldErrors as Record<
            string,
            string[] | undefined
          >;
          expect(errors[field]?.[0], JSON.stringify(errors).slice(0, 200)).toMatch(/\w/);
        }),
        { numRuns: 60 },
      );
    },
  );
});
