import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { FieldDefinition } from "@/db/schema";
import { fieldAnswersSchema } from "@/lib/validation/fields";
import { newPasswordSchema } from "@/lib/validation/password";

const REASONS: FieldDefinition[] = [
  { key: "app", label: "What will you build?", type: "textarea", required: true },
  { key: "company", label: "Company", type: "text", required: false },
  {
    key: "volume",
    label: "Monthly volume",
    type: "select",
    required: true,
    options: ["< 1k", "1k–100k", "> 100k"],
  },
  { key: "tos", label: "I accept the terms", type: "checkbox", required: true },
  { key: "news", label: "Send me news", type: "checkbox", required: false },
];

function fieldErrors(result: { success: boolean; error?: z.ZodError }): Record<string, string[]> {
  return result.error ? (z.flattenError(result.error).fieldErrors as Record<string, string[]>) : {};
}

describe("R-KEYREQ-RECORD: reason field answers (fieldAnswersSchema)", () => {
  it("R-KEYREQ-RECORD: valid answers come out keyed by field key, trimmed, checkboxes as booleans; unknown keys dropped", () => {
    const r = fieldAnswersSchema(REASONS, "reason_").safeParse({
      reason_app: "  A weather widget  ",
      reason_company: "Globex",
      reason_volume: "1k–100k",
      reason_tos: "on",
      reason_sneaky: "ignored",
      org: "acme",
    });
    expect(r.success).toBe(true);
    expect(r.data?.answers).toEqual({
      app: "A weather widget",
      company: "Globex",
      volume: "1k–100k",
      tos: true,
      news: false,
    });
  });

  it("R-KEYREQ-RECORD: a missing or blank required field gets its own error under the prefixed name", () => {
    const r = fieldAnswersSchema(REASONS, "reason_").safeParse({
      reason_app: "   ",
      reason_volume: "< 1k",
      reason_tos: "on",
    });
    expect(r.success).toBe(false);
    expect(fieldErrors(r)).toEqual({ reason_app: ["What will you build? is required."] });
  });

  it("R-KEYREQ-RECORD: a select only accepts one of its options", () => {
    const r = fieldAnswersSchema(REASONS, "reason_").safeParse({
      reason_app: "x",
      reason_volume: "a million",
      reason_tos: "on",
    });
    expect(fieldErrors(r)).toEqual({ reason_volume: ["Choose one of the options."] });
    const empty = fieldAnswersSchema(REASONS, "reason_").safeParse({
      reason_app: "x",
      reason_tos: "on",
    });
    expect(fieldErrors(empty)).toEqual({ reason_volume: ["Monthly volume is required."] });
  });

  it("R-KEYREQ-RECORD: a required checkbox must be ticked; true (JSON) counts as ticked", () => {
    const r = fieldAnswersSchema(REASONS, "reason_").safeParse({
      reason_app: "x",
      reason_volume: "< 1k",
    });
    expect(fieldErrors(r)).toEqual({ reason_tos: ["I accept the terms must be ticked."] });
    const json = fieldAnswersSchema(REASONS, "reason_").safeParse({
      reason_app: "x",
      reason_volume: "< 1k",
      reason_tos: true,
      reason_news: "yes",
    });
    expect(json.data?.answers).toMatchObject({ tos: true, news: false });
  });

  it("R-KEYREQ-RECORD: answers are limited to 2000 characters; non-string values count as empty", () => {
    const r = fieldAnswersSchema(REASONS, "reason_").safeParse({
      reason_app: "a".repeat(2001),
      reason_volume: "< 1k",
      reason_tos: "on",
      reason_company: 42,
    });
    expect(fieldErrors(r)).toEqual({
      reason_app: ["What will you build?: at most 2000 characters."],
    });
    const ok = fieldAnswersSchema(REASONS, "reason_").safeParse({
      reason_app: "a".repeat(2000),
      reason_volume: "< 1k",
      reason_tos: "on",
      reason_company: 42,
    });
    expect(ok.data?.answers.company).toBe("");
  });

  it("R-KEYREQ-RECORD: every broken field is reported at once", () => {
    const r = fieldAnswersSchema(REASONS, "reason_").safeParse({});
    expect(Object.keys(fieldErrors(r)).sort()).toEqual([
      "reason_app",
      "reason_tos",
      "reason_volume",
    ]);
  });

  it("R-KEYREQ-RECORD: an entry without reason fields accepts anything and records no answers", () => {
    expect(fieldAnswersSchema([], "reason_").parse({ reason_x: "y" })).toEqual({ answers: {} });
  });
});

describe("R-PASSWORD-RESET: new password and its confirmation (newPasswordSchema)", () => {
  const base = { org: "acme", token: "t0k3n-long-enough" };

  it("R-SEC-PASSWORDS: a 7-character password is refused with a clear message when the organisation minimum is 6", () => {
    const r = newPasswordSchema(6).safeParse({ ...base, password: "qz7-wk3", confirm: "qz7-wk3" });
    expect(r.success).toBe(false);
    expect(fieldErrors(r)).toEqual({ password: ["Use at least 8 characters."] });
    expect(
      newPasswordSchema(6).safeParse({ ...base, password: "qz7-wk3v", confirm: "qz7-wk3v" })
        .success,
    ).toBe(true);
  });

  it("R-SEC-PASSWORDS: the minimum never drops below 8, and an organisation may raise it", () => {
    expect(
      fieldErrors(newPasswordSchema(3).safeParse({ ...base, password: "abcde", confirm: "abcde" })),
    ).toEqual({ password: ["Use at least 8 characters."] });
    expect(
      fieldErrors(
        newPasswordSchema(12).safeParse({
          ...base,
          password: "elevenchars",
          confirm: "elevenchars",
        }),
      ),
    ).toEqual({ password: ["Use at least 12 characters."] });
    expect(
      newPasswordSchema(12).safeParse({
        ...base,
        password: "twelve-chars",
        confirm: "twelve-chars",
      }).success,
    ).toBe(true);
  });

  it("R-PASSWORD-RESET: the two passwords must match", () => {
    const r = newPasswordSchema(6).safeParse({
      ...base,
      password: "first-password",
      confirm: "other-password",
    });
    expect(fieldErrors(r)).toEqual({ confirm: ["The two passwords differ."] });
  });

  it("R-PASSWORD-RESET: a truncated link token is refused", () => {
    const r = newPasswordSchema(6).safeParse({
      org: "acme",
      token: "short",
      password: "qz7-wk3v",
      confirm: "qz7-wk3v",
    });
    expect(fieldErrors(r)).toEqual({ token: ["This link is incomplete."] });
  });
});
