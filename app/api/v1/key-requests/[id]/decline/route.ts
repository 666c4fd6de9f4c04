import { outcomeProblem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import { declineBodySchema, declineSchema, keyRequestPath } from "@/lib/api/spec/key-requests";
import { declineRequest } from "@/lib/keyrequests/decide";
import { appUrl } from "@/lib/url";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/v1/key-requests/{id}/decline {reason?} — the reason is kept, shown and emailed. */
export const POST = apiRoute({
  params: keyRequestPath,
  notFound: "Key request not found.",
  body: declineBodySchema,
  handler: async ({ db, who, actor, params, body }) => {
    const r = await declineRequest(
      db,
      who.org,
      params.id,
      actor,
      body.reason,
      `${appUrl()}/${who.org.slug}`,
    );
    if (!r.ok) return outcomeProblem(r);
    return reply(declineSchema, { id: params.id, status: "declined", reason: body.reason });
  },
});
