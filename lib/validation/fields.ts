import { z } from "zod";
import type { FieldDefinition } from "@/db/schema";
import { textProblem } from "./text";

export type FieldAnswers = Record<string, string | boolean>;

/**
 * Answers to configured fields (signup fields, catalog reason fields), posted as
 * `${prefix}${key}`: validated by type and required-ness; unknown keys are ignored.
 * Output: `{ answers }` keyed by field key.
 */
export function fieldAnswersSchema(fields: FieldDefinition[], prefix: string) {
  return z.record(z.string(), z.unknown()).transform((all, ctx) => {
    const answers: FieldAnswers = {};
    for (const f of fields) {
      const name = `${prefix}${f.key}`;
      const raw = all[name];
      if (f.type === "checkbox") {
        answers[f.key] = raw === "on" || raw === true;
        if (f.required && !answers[f.key])
          ctx.addIssue({ code: "custom", path: [name], message: `${f.label} must be ticked.` });
        continue;
      }
      const value = typeof raw === "string" ? raw.trim() : "";
      const problem = textProblem(value, f.type === "textarea" ? "multi" : "single");
      if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem });
      else if (f.required && !value)
        ctx.addIssue({ code: "custom", path: [name], message: `${f.label} is required.` });
      else if (value.length > 2000)
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `${f.label}: at most 2000 characters.`,
        });
      if (f.type === "select" && value && !(f.options ?? []).includes(value))
        ctx.addIssue({ code: "custom", path: [name], message: "Choose one of the options." });
      answers[f.key] = value;
    }
    return { answers };
  });
}
