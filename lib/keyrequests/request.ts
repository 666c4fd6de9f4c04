import { z } from "zod";
import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { insertKeyRequest } from "@/db/queries/key-requests";
import type { CatalogEntry, Developer, Organisation } from "@/db/schema";
import { fieldAnswersSchema } from "@/lib/validation/fields";
import { emitEvent } from "@/lib/webhooks/emit";
import { autoApprove } from "./decide";

export type ApprovalMode = Organisation["keyRequestMode"];

export type RequestOutcome =
  | { kind: "issued"; requestId: string; key: string; keyId: string }
  | { kind: "pending"; requestId: string }
  | { kind: "redirect"; url: string }
  | { kind: "error"; message: string; fieldErrors?: Record<string, string[]> };

/** The entry's override, else the organisation's mode (R-KEYREQ-MODES). */
export function approvalModeOf(
  org: Pick<Organisation, "keyRequestMode">,
  entry: Pick<CatalogEntry, "approvalMode">,
): ApprovalMode {
  return entry.approvalMode ?? org.keyRequestMode;
}

/** "Redirect key request": the developer goes to the configured URL with who and what as parameters. */
export function redirectUrlFor(base: string, entry: CatalogEntry, developer: Developer): string {
  const url = new URL(base);
  url.searchParams.set("catalog_entry", entry.slug);
  url.searchParams.set("catalog_entry_id", entry.id);
  url.searchParams.set("developer_id", developer.id);
  url.searchParams.set("email", developer.email);
  return url.toString();
}

/**
 * A developer asks for access to a catalog entry (R-KEYREQ-RECORD). The request records the
 * developer, entry, policy and the answers to the entry's reason fields; what happens next
 * depends on the approval mode.
 */
export async function requestKey(
  db: Db,
  org: Organisation,
  developer: Developer,
  entry: CatalogEntry,
  posted: Record<string, unknown>,
): Promise<RequestOutcome> {
  if (org.requireEmailVerification && !developer.emailVerifiedAt)
    return {
      kind: "error",
      message: "Confirm your email address first: follow the link we emailed you.",
    };
  const mode = approvalModeOf(org, entry);
  if (mode === "redirect") {
    if (!org.keyRequestRedirectUrl)
      return {
        kind: "error",
        message:
          "Key requests for this API are handled elsewhere, but no address is configured. Contact the API provider.",
      };
    return { kind: "redirect", url: redirectUrlFor(org.keyRequestRedirectUrl, entry, developer) };
  }
  const parsed = fieldAnswersSchema(entry.reasonFields, "reason_").safeParse(posted);
  if (!parsed.success)
    return {
      kind: "error",
      message: "Please correct the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    };
  const request = await insertKeyRequest(db, org.id, {
    developerId: developer.id,
    catalogEntryId: entry.id,
    policyIds: [entry.policyId],
    reasonAnswers: parsed.data.answers,
  });
  if (!request)
    return {
      kind: "error",
      message: "You already have a pending request for this API. You will hear from us by email.",
    };
  await insertAudit(db, org.id, {
    actorType: "developer",
    actorId: developer.id,
    action: "key_request.created",
    targetType: "key_request",
    targetId: request.id,
    data: { catalogEntryId: entry.id, mode },
  });
  // In "webhook" mode this event is the hand-off: the third party decides through the management API.
  await emitEvent(db, org.id, "key_request.created", {
    key_request_id: request.id,
    developer_id: developer.id,
    developer_email: developer.email,
    catalog_entry_id: entry.id,
    policy_ids: request.policyIds,
    reason_answers: request.reasonAnswers,
    mode,
  });
  if (mode !== "auto") return { kind: "pending", requestId: request.id };
  const approved = await autoApprove(db, org.id, request);
  if (!approved.ok) return { kind: "error", message: approved.error };
  return { kind: "issued", requestId: request.id, key: approved.key, keyId: approved.keyId };
}
