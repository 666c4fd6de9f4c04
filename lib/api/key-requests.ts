import { z } from "zod";
import type { Db } from "@/db";
import type { KeyRequest } from "@/db/schema";
import { API_BODY_LIMIT, readBodyCapped } from "@/lib/http/body-limit";
import { approveRequest, declineRequest } from "@/lib/keyrequests/decide";
import type { Actor } from "@/lib/outcome";
import { declineBodySchema, keyRequestIdField } from "@/lib/validation/key-requests";
import type { ApiPrincipal } from "./auth";
import { outcomeProblem, problem } from "./problem";

export function keyRequestJson(r: KeyRequest) {
  return {
    id: r.id,
    status: r.status,
    developer_id: r.developerId,
    catalog_entry_id: r.catalogEntryId,
    policy_ids: r.policyIds,
    reason_answers: r.reasonAnswers,
    decline_reason: r.declineReason,
    key_id: r.keyId,
    created_at: r.createdAt.toISOString(),
    decided_at: r.decidedAt?.toISOString() ?? null,
  };
}

/** POST /api/v1/key-requests/{id}/approve|decline — a third party decides (R-KEYREQ-MODES webhook mode). */
export async function decideViaApi(
  db: Db,
  who: ApiPrincipal,
  id: string,
  decision: "approve" | "decline",
  request: Request,
  portalUrl: string,
) {
  // A malformed id (another record's, NUL, …) is simply not found: no query is made.
  if (!keyRequestIdField.safeParse(id).success)
    return problem("not_found", "Key request not found.");
  const actor: Actor = { actorType: "api_token", actorId: who.tokenId };
  if (decision === "approve") {
    const r = await approveRequest(db, who.org, id, actor, portalUrl);
    if (!r.ok) return outcomeProblem(r);
    return Response.json({
      id,
      status: "approved",
      key_id: r.value.keyId,
      delivery: r.value.delivery,
    });
  }
  const read = await readBodyCapped(request, API_BODY_LIMIT);
  if (!read.ok)
    return read.reason === "too_large"
      ? problem("payload_too_large", `The body is too large: at most ${API_BODY_LIMIT / 1024} KB.`)
      : problem("invalid_request", "The body must be UTF-8 JSON.");
  let body: unknown = {};
  if (read.text.trim()) {
    try {
      body = JSON.parse(read.text);
    } catch {
      return problem("invalid_request", "The body must be JSON.");
    }
  }
  const parsed = declineBodySchema.safeParse(body);
  if (!parsed.success)
    return problem("invalid_request", "Invalid body.", {
      fields: z.flattenError(parsed.error).fieldErrors,
    });
  const r = await declineRequest(db, who.org, id, actor, parsed.data.reason, portalUrl);
  if (!r.ok) return outcomeProblem(r);
  return Response.json({ id, status: "declined", reason: parsed.data.reason });
}
