import { z } from "zod";
import { singleLineText } from "@/lib/validation/text";
import type { KeyRequest } from "@/db/schema";
import { declineBodySchema, keyRequestIdField } from "@/lib/validation/key-requests";
import { idField } from "@/lib/validation/ids";
import { pageParams, pageSchema } from "../pagination";
import { isoDate, operation, type SpecModule } from "./common";

export const keyRequestSchema = z
  .object({
    id: z.string().meta({ example: "kreq_4Jp2x9QvWm1bT7sLk3Ea" }),
    status: z.enum(["pending", "approved", "declined"]),
    developer_id: z.string(),
    developer_email: z.string(),
    catalog_entry_id: z.string(),
    catalog_entry_name: z.string(),
    policy_ids: z.array(z.string()),
    reason_answers: z.record(z.string(), z.union([z.string(), z.boolean()])),
    decline_reason: z.string().nullable(),
    key_id: z.string().nullable(),
    oauth_client_id: z.string().nullable(),
    created_at: isoDate,
    decided_at: isoDate.nullable(),
  })
  .meta({ id: "KeyRequest" });

export function keyRequestJson(
  r: KeyRequest,
  names: { developerEmail: string; entryName: string },
): z.infer<typeof keyRequestSchema> {
  return {
    id: r.id,
    status: r.status,
    developer_id: r.developerId,
    developer_email: names.developerEmail,
    catalog_entry_id: r.catalogEntryId,
    catalog_entry_name: names.entryName,
    policy_ids: r.policyIds,
    reason_answers: r.reasonAnswers,
    decline_reason: r.declineReason,
    key_id: r.keyId,
    oauth_client_id: r.oauthClientId ?? null,
    created_at: r.createdAt.toISOString(),
    decided_at: r.decidedAt?.toISOString() ?? null,
  };
}

export const keyRequestPage = pageSchema(keyRequestSchema).meta({ id: "KeyRequestPage" });

export const keyRequestListQuery = z.strictObject({
  status: z.enum(["pending", "approved", "declined"]).optional(),
  catalog_entry_id: idField("cat", "Unknown catalog entry.").optional(),
  developer_id: idField("dev", "Unknown developer.").optional(),
  // Control characters (NUL…) are refused with a 400 before any query: Postgres rejects them.
  developer: singleLineText()
    .max(254)
    .optional()
    .meta({ description: "Part of the developer's email, case-insensitive." }),
  ...pageParams,
});

export const keyRequestPath = z.object({
  id: keyRequestIdField.meta({ description: "Key request id (`kreq_…`)." }),
});

export const approvalSchema = z
  .object({
    id: z.string(),
    status: z.literal("approved"),
    key_id: z.string().nullable().meta({
      description:
        "The issued key (emailed to the developer); null with Secure key approval or OAuth.",
    }),
    oauth_client_id: z.string().nullable(),
    delivery: z.enum(["email", "generate_link"]),
  })
  .meta({ id: "KeyRequestApproval" });

export const declineSchema = z
  .object({ id: z.string(), status: z.literal("declined"), reason: z.string().nullable() })
  .meta({ id: "KeyRequestDecline" });

export { declineBodySchema };

const tag = "Key requests";

export const keyRequestsSpec: SpecModule = {
  tag: {
    name: tag,
    description:
      "Developers' requests for access to catalog entries; a third party (webhook mode) or automation decides them.",
  },
  paths: {
    "/api/v1/key-requests": {
      get: operation({
        operationId: "listKeyRequests",
        summary: "List key requests",
        description: "Newest first, filtered by status, catalog entry and developer.",
        tag,
        method: "get",
        query: keyRequestListQuery,
        ok: { description: "A page of key requests.", schema: keyRequestPage },
      }),
    },
    "/api/v1/key-requests/{id}": {
      get: operation({
        operationId: "getKeyRequest",
        summary: "Get a key request",
        tag,
        method: "get",
        path: keyRequestPath,
        ok: { description: "The key request.", schema: keyRequestSchema },
      }),
    },
    "/api/v1/key-requests/{id}/approve": {
      post: operation({
        operationId: "approveKeyRequest",
        summary: "Approve a key request",
        description:
          "Issues the key with the entry's policies and emails it to the developer (or a Generate key link with Secure key approval).",
        tag,
        method: "post",
        path: keyRequestPath,
        ok: { description: "Approved.", schema: approvalSchema },
        errors: ["conflict"],
      }),
    },
    "/api/v1/key-requests/{id}/decline": {
      post: operation({
        operationId: "declineKeyRequest",
        summary: "Decline a key request",
        description: "The optional reason is shown to the developer and emailed.",
        tag,
        method: "post",
        path: keyRequestPath,
        body: declineBodySchema,
        ok: { description: "Declined.", schema: declineSchema },
        errors: ["conflict"],
      }),
    },
  },
};
