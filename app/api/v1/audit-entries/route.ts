import { pageAudit } from "@/db/queries/api-pages";
import { pageJson } from "@/lib/api/pagination";
import { apiRoute, reply } from "@/lib/api/route";
import { auditEntryJson, auditListQuery, auditPage } from "@/lib/api/spec/audit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/audit-entries?action=&actor_type=&actor_id=&target_id=&since=&until= (R-AUDIT) */
export const GET = apiRoute({
  query: auditListQuery,
  handler: async ({ db, who, query }) => {
    const page = await pageAudit(db, who.org.id, {
      action: query.action,
      actorType: query.actor_type,
      actorId: query.actor_id,
      targetId: query.target_id,
      since: query.since,
      until: query.until,
      after: query.cursor,
      limit: query.limit,
    });
    return reply(
      auditPage,
      pageJson(page, (r) => auditEntryJson(r.entry)),
    );
  },
});
