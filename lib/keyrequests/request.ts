import { z } from "zod";
import type { Db } from "@/db";
import { insertAudit } from "@/db/queries/audit";
import { insertKeyRequest } from "@/db/queries/key-requests";
import type { CatalogEntry, Developer, Organisation } from "@/db/schema";
import { developerActor, done, failed, type Outcome } from "@/lib/outcome";
import { transact } from "@/lib/transaction";
import { fieldAnswersSchema } from "@/lib/validation/fields";
import { autoApprove } from "./decide";

export type ApprovalMode = Organisation["keyRequestMode"];

/** What a key request led to; a refusal is a failed Outcome. */
export type RequestResult =
  | { kind: "issued"; requestId: string; key: string; keyId: string }
  | {
      kind: "client_issued";
      requestId: string;
      oauthClientId: string;
      clientId: string;
      clientSecret: string;
    }
  | { kind: "pending"; requestId: string }
  | { kind: "redirect"; url: string };

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
 * depends on the approval mode. The request, its audit row and key_request.created commit
 * together; auto-approval is a second transaction (lib/keyrequests/decide.ts), so a refused
 * auto-approval leaves the request pending for an admin.
 */
export async function requestKey(
  db: Db,
  org: Organisation,
  developer: Developer,
  entry: CatalogEntry,
  posted: Record<string, unknown>,
): Promise<Outcome<RequestResult>> {
  if (org.requireEmailVerification && !developer.emailVerifiedAt)
    return failed("forbidden", "Confirm your email address first: follow the link we emailed you.");
  const mode = approvalModeOf(org, entry);
  if (mode === "redirect") {
    if (!org.keyRequestRedirectUrl)
      return failed(
        "conflict",
        "Key requests for this API are handled elsewhere, but no address is configured. Contact the API provider.",
      );
    const url = redirectUrlFor(org.keyRequestRedirectUrl, entry, developer);
    return done({ kind: "redirect", url }, "Continue on the API provider's site.");
  }
  const parsed = fieldAnswersSchema(entry.reasonFields, "reason_").safeParse(posted);
  if (!parsed.success)
    return failed(
      "invalid",
      "Please correct the highlighted fields.",
      z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
    );
  const recorded = await transact(db, async (tx, after) => {
    const request = await insertKeyRequest(tx, org.id, {
      developerId: developer.id,
      catalogEntryId: entry.id,
      policyIds: [entry.policyId],
      reasonAnswers: parsed.data.answers,
    });
    if (!request)
      return failed(
        "conflict",
        "You already have a pending request for this API. You will hear from us by email.",
      );
    await insertAudit(tx, org.id, {
      ...developerActor(developer.id),
      action: "key_request.created",
      targetType: "key_request",
      targetId: request.id,
      data: { catalogEntryId: entry.id, mode },
    });
    // In "webhook" mode this event is the hand-off: the third party decides through the management API.
    await after.event(org.id, "key_request.created", {
      key_request_id: request.id,
      developer_id: developer.id,
      developer_email: developer.email,
      catalog_entry_id: entry.id,
      policy_ids: request.policyIds,
      reason_answers: request.reasonAnswers,
      mode,
    });
    return done(request, "Request sent. You will receive an email when it has been reviewed.");
  });
  if (!recorded.ok) return recorded;
  const request = recorded.value;
  if (mode !== "auto") return done({ kind: "pending", requestId: request.id }, recorded.message);
  const approved = await autoApprove(db, org.id, request);
  if (!approved.ok) return approved;
  const issue = approved.value;
  if (issue.kind === "oauth_client") {
    const { oauthClientId, clientId, clientSecret } = issue;
    const value = { kind: "client_issued" as const, requestId: request.id, oauthClientId };
    return done({ ...value, clientId, clientSecret }, approved.message);
  }
  return done(
    { kind: "issued", requestId: request.id, key: issue.key, keyId: issue.keyId },
    approved.message,
  );
}
