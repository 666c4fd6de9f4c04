import { z } from "zod";
import type { Key } from "@/db/schema";
import { MAX_GRACE_SECONDS } from "@/lib/keys/grace";
import type { Outcome } from "@/lib/outcome";
import { idField } from "@/lib/validation/ids";
import { nameText } from "@/lib/validation/text";
import { pageParams, pageSchema } from "../pagination";
import { isoDate, operation, type SpecModule } from "./common";

/**
 * API keys (R-KEY-NEW, R-KEY-POLICY-CHANGE, R-KEY-ROTATE) for automation: the console's keys
 * panel. Writes call the console's domain functions (lib/keys/issue.ts, lib/keys/rotate.ts).
 * A key's value is in an answer once — when it is issued or rolled — and never again.
 */
export const keySchema = z
  .object({
    id: z.string().meta({ example: "key_3hK9pQ2vX8mN4tLw7aZc" }),
    developer_id: z.string(),
    start: z.string().meta({
      description: "The key's first characters, for recognising it.",
      example: "gh_3hK9pQ",
    }),
    alias: z.string().nullable(),
    status: z.enum(["active", "inactive", "revoked"]),
    policy_ids: z.array(z.string()),
    expires_at: isoDate.nullable().meta({ description: "Null: the key never expires." }),
    last_used_at: isoDate.nullable(),
    created_at: isoDate,
    revoked_at: isoDate.nullable(),
    previous_key: z
      .object({
        start: z.string(),
        valid_until: isoDate,
      })
      .nullable()
      .meta({
        description:
          "After a roll: the old value, still accepted as this key until `valid_until`. Null otherwise.",
      }),
  })
  .meta({ id: "Key" });

export type KeyJson = z.infer<typeof keySchema>;

export function keyJson(k: Key, policyIds: string[], now = new Date()): KeyJson {
  return {
    id: k.id,
    developer_id: k.developerId,
    start: k.start,
    alias: k.alias,
    status: k.status,
    policy_ids: [...policyIds].sort(),
    expires_at: k.expiresAt?.toISOString() ?? null,
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    created_at: k.createdAt.toISOString(),
    revoked_at: k.revokedAt?.toISOString() ?? null,
    previous_key:
      k.previousStart && k.previousHashEndsAt && k.previousHashEndsAt > now
        ? { start: k.previousStart, valid_until: k.previousHashEndsAt.toISOString() }
        : null,
  };
}

export const keyPage = pageSchema(keySchema).meta({ id: "KeyPage" });

export const keyListQuery = z.strictObject({
  developer_id: idField("dev", "Unknown developer.")
    .optional()
    .meta({ description: "Only this developer's keys." }),
  status: z.enum(["active", "inactive", "revoked"]).optional(),
  ...pageParams,
});

export const keyPath = z.object({
  id: idField("key", "Key not found.").meta({ description: "Key id (`key_…`)." }),
});

const policyIds = z
  .array(idField("pol", "Unknown policy."))
  .min(1, "Choose at least one policy.")
  .max(50, "At most 50 policies.")
  .meta({ description: "Policy ids (`pol_…`); the key's limits are their combination." });

export const keyCreateBody = z
  .strictObject({
    developer_id: idField("dev", "Unknown developer.").meta({
      description: "The developer the key is issued to (`dev_…`).",
    }),
    policy_ids: policyIds,
    alias: nameText()
      .max(60, "Alias: at most 60 characters.")
      .nullish()
      .meta({ description: "A name to recognise the key by, e.g. production." }),
  })
  .meta({ id: "KeyCreate" });

export const keyUpdateBody = z
  .strictObject({ policy_ids: policyIds })
  .meta({ id: "KeyUpdate", description: "Replaces the key's policies; effective at once." });

export const keyRollBody = z
  .strictObject({
    grace_seconds: z
      .int("grace_seconds must be a whole number of seconds.")
      .min(0, "grace_seconds must be 0 or more.")
      .max(MAX_GRACE_SECONDS, `grace_seconds must be at most ${MAX_GRACE_SECONDS} (7 days).`)
      .default(86400)
      .meta({
        description:
          "How long the old value keeps working (0: it stops at once; default 24 h; at most 7 days). Rolling again during a grace period ends the earlier old value at once.",
      }),
  })
  .meta({ id: "KeyRoll" });

export const keyWithSecretSchema = keySchema
  .extend({
    key: z.string().meta({
      description: "The key's value: shown in this answer only, never again.",
      example: "gh_3hK9pQ2vX8mN4tLw7aZcR5yB1dF6gJ",
    }),
  })
  .meta({ id: "KeyWithSecret" });

/** Domain field names (the console's form) → the API body's. */
const API_FIELDS: Record<string, string> = {
  policyIds: "policy_ids",
  graceSeconds: "grace_seconds",
  developerId: "developer_id",
};

/** A refused outcome with its field errors named as the API body names them. */
export function apiOutcome<T extends { ok: false } & Outcome<unknown>>(r: T): T {
  if (!r.fieldErrors) return r;
  const fieldErrors = Object.fromEntries(
    Object.entries(r.fieldErrors).map(([k, v]) => [API_FIELDS[k] ?? k, v]),
  );
  return { ...r, fieldErrors };
}

const tag = "Keys";

export const keysSpec: SpecModule = {
  tag: {
    name: tag,
    description:
      "Developers' API keys: issue, change policies, roll (a new value, the old one valid for a grace period) and revoke — the console's keys panel for automation. OAuth clients' credentials are not keys and are not listed here.",
  },
  paths: {
    "/api/v1/keys": {
      get: operation({
        operationId: "listKeys",
        summary: "List keys",
        description: "Newest first; filter by developer and status.",
        tag,
        method: "get",
        query: keyListQuery,
        ok: { description: "A page of keys.", schema: keyPage },
      }),
      post: operation({
        operationId: "issueKey",
        summary: "Issue a key to a developer",
        description:
          "The key's value is in this answer only. The developer must be active and the policies active. A retry with the same Idempotency-Key does not issue a second key and does not repeat the value (never stored): it answers 409 naming the key.",
        tag,
        method: "post",
        body: keyCreateBody,
        ok: { status: 201, description: "Issued.", schema: keyWithSecretSchema },
        errors: ["not_found", "conflict"],
      }),
    },
    "/api/v1/keys/{id}": {
      get: operation({
        operationId: "getKey",
        summary: "Get a key",
        tag,
        method: "get",
        path: keyPath,
        ok: { description: "The key (never its value).", schema: keySchema },
      }),
      patch: operation({
        operationId: "changeKeyPolicies",
        summary: "Change a key's policies",
        description: "Gateways apply the new limits at once. Revoked keys cannot change.",
        tag,
        method: "patch",
        path: keyPath,
        body: keyUpdateBody,
        ok: { description: "The updated key.", schema: keySchema },
      }),
    },
    "/api/v1/keys/{id}/roll": {
      post: operation({
        operationId: "rollKey",
        summary: "Roll a key",
        description:
          "Gives the key a new value, returned in this answer only. The key keeps its id, policies, expiry, quota and usage; the old value is accepted as the same key until `previous_key.valid_until`, then refused (401). Revoked keys cannot be rolled (409). A retry with the same Idempotency-Key does not roll again and does not repeat the value (never stored): it answers 409.",
        tag,
        method: "post",
        path: keyPath,
        body: keyRollBody,
        ok: { description: "Rolled.", schema: keyWithSecretSchema },
        errors: ["conflict"],
      }),
    },
    "/api/v1/keys/{id}/revoke": {
      post: operation({
        operationId: "revokeKey",
        summary: "Revoke a key",
        description: "Gateways refuse the key (and any old value of a roll) at once. Final.",
        tag,
        method: "post",
        path: keyPath,
        ok: { description: "The revoked key.", schema: keySchema },
      }),
    },
  },
};
