import { z } from "zod";
import type { AuditLogRow } from "@/db/schema";
import { singleLineText } from "@/lib/validation/text";
import { pageParams, pageSchema } from "../pagination";
import { isoDate, operation, type SpecModule } from "./common";

/** The audit log (R-AUDIT) with the console's filters and a time range. */
export const auditEntrySchema = z
  .object({
    id: z.string().meta({ example: "aud_3Rk8VnP2xQw7LzTb4MdC" }),
    action: z.string().meta({ example: "developer.created" }),
    actor_type: z.enum(["admin", "developer", "api_token", "system"]),
    actor_id: z.string().nullable(),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    created_at: isoDate,
  })
  .meta({ id: "AuditEntry" });

export function auditEntryJson(a: AuditLogRow): z.infer<typeof auditEntrySchema> {
  return {
    id: a.id,
    action: a.action,
    actor_type: a.actorType,
    actor_id: a.actorId,
    target_type: a.targetType,
    target_id: a.targetId,
    data: a.data,
    created_at: a.createdAt.toISOString(),
  };
}

const idLike = singleLineText().max(100);
const instant = z.iso
  .datetime({ offset: true, message: "Use an ISO 8601 date-time, e.g. 2026-11-26T00:00:00Z." })
  .transform((v) => new Date(v));

export const auditListQuery = z.strictObject({
  action: singleLineText()
    .max(100)
    .optional()
    .meta({ description: "Action or its prefix: `developer.` or `key_request.approved`." }),
  actor_type: z.enum(["admin", "developer", "api_token", "system"]).optional(),
  actor_id: idLike.optional(),
  target_id: idLike.optional(),
  since: instant.optional().meta({ description: "Entries at or after this time." }),
  until: instant.optional().meta({ description: "Entries before this time." }),
  ...pageParams,
});

export const auditPage = pageSchema(auditEntrySchema).meta({ id: "AuditEntryPage" });

export const auditSpec: SpecModule = {
  tag: {
    name: "Audit",
    description: "Every admin and security-relevant action, newest first (R-AUDIT).",
  },
  paths: {
    "/api/v1/audit-entries": {
      get: operation({
        operationId: "listAuditEntries",
        summary: "List audit entries",
        description:
          "Newest first; filter by action prefix, actor, target and time. Actions made through this API name the token (`actor_type: api_token`).",
        tag: "Audit",
        method: "get",
        query: auditListQuery,
        ok: { description: "A page of audit entries.", schema: auditPage },
      }),
    },
  },
};
