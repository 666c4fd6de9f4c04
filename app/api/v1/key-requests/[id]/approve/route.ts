import { outcomeProblem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import { approvalSchema, keyRequestPath } from "@/lib/api/spec/key-requests";
import { approveRequest } from "@/lib/keyrequests/decide";
import { appUrl } from "@/lib/url";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/v1/key-requests/{id}/approve — a third party decides (R-KEYREQ-MODES webhook mode). */
export const POST = apiRoute({
  params: keyRequestPath,
  notFound: "Key request not found.",
  handler: async ({ db, who, actor, params }) => {
    const r = await approveRequest(db, who.org, params.id, actor, `${appUrl()}/${who.org.slug}`);
    if (!r.ok) return outcomeProblem(r);
    return reply(approvalSchema, {
      id: params.id,
      status: "approved",
      key_id: r.value.keyId,
      oauth_client_id: r.value.oauthClientId ?? null,
      delivery: r.value.delivery,
    });
  },
});
