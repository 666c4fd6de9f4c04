import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "@/db/schema";
import { loginSchema, setupSchema, signupSchema } from "@/lib/validation/auth";
import { emailField, RESERVED_SLUGS, safeNextPath, slugField } from "@/lib/validation/common";
import { passwordField } from "@/lib/validation/password";

/** The messages zod reports for one field of a failed parse. */
function fieldErrors(
  result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } },
  field: string,
): string[] {
  return (result.error?.issues ?? []).filter((i) => i.path[0] === field).map((i) => i.message);
}

describe("R-ORG-PORTAL-URL: organisation slug rules", () => {
  it("R-ORG-PORTAL-URL: accepts lower-case letters, digits and inner dashes (trimmed)", () => {
    for (const ok of ["acme", "a1", "acme-apis", "2fast", " acme ", "a".repeat(40)]) {
      expect(slugField.safeParse(ok).success, ok).toBe(true);
    }
    expect(slugField.parse(" acme ")).toBe("acme");
  });

  it("R-ORG-PORTAL-URL: rejects upper case, edge dashes, other characters and bad lengths", () => {
    for (const bad of [
      "Acme",
      "-acme",
      "acme-",
      "ac_me",
      "ac.me",
      "ac me",
      "a",
      "",
      "a".repeat(41),
      "acmé",
    ]) {
      expect(slugField.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("R-ORG-PORTAL-URL: rejects reserved route names such as admin", () => {
    for (const reserved of ["admin", "api", "setup", "login"]) {
      expect(RESERVED_SLUGS.has(reserved)).toBe(true);
      const r = slugField.safeParse(reserved);
      expect(r.success, reserved).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/reserved/);
    }
  });
});

describe("R-PORTAL-SIGNUP: email and password fields", () => {
  it("R-PORTAL-SIGNUP: emails are trimmed and lower-cased", () => {
    expect(emailField.parse("  Alice.Smith@Example.COM ")).toBe("alice.smith@example.com");
  });

  it("R-PORTAL-SIGNUP: invalid emails are rejected with a helpful message", () => {
    for (const bad of ["", "   ", "alice", "alice@", "@example.com", "alice example.com"]) {
      expect(emailField.safeParse(bad).success, bad).toBe(false);
    }
    expect(emailField.safeParse(`${"a".repeat(250)}@x.io`).success).toBe(false);
  });

  it("R-SEC-PASSWORDS: the minimum length is never below 8, even when the organisation asks for 6", () => {
    const weak = passwordField(6);
    expect(weak.safeParse("qz7-wk3").success).toBe(false);
    expect(weak.safeParse("qz7-wk3").error?.issues[0]?.message).toBe("Use at least 8 characters.");
    expect(weak.safeParse("qz7-wk3v").success).toBe(true);
  });

  it("R-SEC-PASSWORDS: the organisation may raise the minimum; more than 128 characters are refused", () => {
    const strict = passwordField(12);
    expect(strict.safeParse("qz7-wk3v-pl").success).toBe(false);
    expect(strict.safeParse("qz7-wk3v-plm").success).toBe(true);
    expect(strict.safeParse("qz7-".repeat(32)).success).toBe(true);
    expect(strict.safeParse(`${"qz7-".repeat(32)}x`).success).toBe(false);
  });
});

describe("R-PORTAL-SIGNUP: signup schema with the organisation's custom fields", () => {
  const fields: FieldDefinition[] = [
    { key: "company", label: "Company", type: "text", required: true },
    {
      key: "use_case",
      label: "Use case",
      type: "select",
      required: false,
      options: ["Prototype", "Production"],
    },
    { key: "tier", label: "Tier", type: "select", required: true, options: ["Gold", "Silver"] },
    { key: "terms", label: "Terms", type: "checkbox", required: true },
    { key: "news", label: "Newsletter", type: "checkbox", required: false },
  ];
  const base = { org: "acme", name: " Ada ", email: " Ada@Example.com ", password: "qz7-wk3v" };
  const valid = {
    ...base,
    cf_company: " Globex ",
    cf_use_case: "Production",
    cf_tier: "Gold",
    cf_terms: "on",
  };

  it("R-PORTAL-SIGNUP: a valid form gives trimmed values, a lower-cased email and custom fields by key", () => {
    const out = signupSchema(6, fields).parse(valid);
    expect(out).toEqual({
      org: "acme",
      name: "Ada",
      email: "ada@example.com",
      password: "qz7-wk3v",
      customFields: {
        company: "Globex",
        use_case: "Production",
        tier: "Gold",
        terms: true,
        news: false,
      },
    });
  });

  it("R-SEC-PASSWORDS: the password floor of 8 holds even if the organisation minimum is lower", () => {
    const r = signupSchema(3, fields).safeParse({ ...valid, password: "qz7-wk3" });
    expect(r.success).toBe(false);
    expect(fieldErrors(r, "password")).toEqual(["Use at least 8 characters."]);
    expect(signupSchema(10, fields).safeParse({ ...valid, password: "qz7-wk3v-p" }).success).toBe(
      true,
    );
    expect(signupSchema(10, fields).safeParse({ ...valid, password: "qz7-wk3v-" }).success).toBe(
      false,
    );
  });

  it("R-PORTAL-SIGNUP: a required text field must be filled in", () => {
    const r = signupSchema(6, fields).safeParse({ ...valid, cf_company: "   " });
    expect(fieldErrors(r, "cf_company")).toEqual(["Company is required."]);
  });

  it("R-PORTAL-SIGNUP: a select only accepts its options; an optional one may be left empty", () => {
    const bad = signupSchema(6, fields).safeParse({ ...valid, cf_use_case: "Hacking" });
    expect(fieldErrors(bad, "cf_use_case")).toEqual(["Choose one of the options."]);
    const requiredEmpty = signupSchema(6, fields).safeParse({ ...valid, cf_tier: "" });
    expect(requiredEmpty.success).toBe(false);
    expect(fieldErrors(requiredEmpty, "cf_tier")).toContain("Tier is required.");
    const optionalEmpty = signupSchema(6, fields).parse({ ...valid, cf_use_case: "" });
    expect(optionalEmpty.customFields.use_case).toBe("");
    const optionalMissing = signupSchema(6, fields).parse({ ...valid, cf_use_case: undefined });
    expect(optionalMissing.customFields.use_case).toBe("");
  });

  it("R-PORTAL-SIGNUP: a required checkbox must be ticked; an unticked optional one is false", () => {
    const r = signupSchema(6, fields).safeParse({ ...valid, cf_terms: undefined });
    expect(fieldErrors(r, "cf_terms")).toEqual(["Terms must be ticked."]);
    const ticked = signupSchema(6, fields).parse({ ...valid, cf_news: "on" });
    expect(ticked.customFields.news).toBe(true);
    expect(signupSchema(6, fields).safeParse({ ...valid, cf_terms: "yes" }).success).toBe(false);
  });

  it("R-PORTAL-SIGNUP: with no custom fields, only the base fields are needed", () => {
    expect(signupSchema(8, []).parse({ ...base, password: "qz7-wk3v" }).customFields).toEqual({});
    const r = signupSchema(8, []).safeParse({ ...base, name: "", email: "nope" });
    expect(fieldErrors(r, "name")).toEqual(["Enter your name."]);
    expect(fieldErrors(r, "email").length).toBe(1);
  });
});

describe("R-ORG-SETUP / R-PORTAL-SIGNUP: setup and login schemas", () => {
  it("R-ORG-SETUP: setup needs a valid slug, an email and a password of at least 8", () => {
    const ok = {
      orgName: "Acme",
      orgSlug: "acme",
      name: "Ada",
      email: "ADA@acme.test",
      password: "qz7-wk3v",
    };
    expect(setupSchema.parse(ok).email).toBe("ada@acme.test");
    const r = setupSchema.safeParse({ ...ok, orgSlug: "admin", password: "1234567" });
    expect(fieldErrors(r, "orgSlug").length).toBe(1);
    expect(fieldErrors(r, "password")).toEqual(["Use at least 8 characters."]);
  });

  it("R-PORTAL-SIGNUP: login needs an email and a password", () => {
    const r = loginSchema.safeParse({ email: "  ", password: "" });
    expect(fieldErrors(r, "email")).toEqual(["Enter your email address."]);
    expect(fieldErrors(r, "password")).toEqual(["Enter your password."]);
  });

  it("R-PORTAL-SIGNUP: after login only same-site paths are followed", () => {
    expect(safeNextPath("/acme/dashboard", "/")).toBe("/acme/dashboard");
    expect(safeNextPath("//evil.example/x", "/home")).toBe("/home");
    expect(safeNextPath("https://evil.example/", "/home")).toBe("/home");
    expect(safeNextPath(undefined, "/home")).toBe("/home");
    expect(safeNextPath(42, "/home")).toBe("/home");
  });
});
