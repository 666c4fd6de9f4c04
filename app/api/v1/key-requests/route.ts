import { z } from "zod";
import { getDb } from "@/db";
import { listKeyRequests } from "@/db/queries/key-requests";
import { authenticateManagement } from "@/lib/api/auth";
import { keyRequestJson } from "@/lib/api/key-requests";
import { problem, withProblems } from "@/lib/api/problem";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({
  status: z.enum(["pending", "approved", "declined"]).optional(),
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(25),
});

/** GET /api/v1/key-requests?status=pending — the organisation's key requests, newest first. */
export const GET = withProblems(async (request: Request) => {
  const db = getDb();
  const who = await authenticateManagement(db, request);
  if (!who)
    return problem("unauthorized", "Send a valid admin API token as Authorization: Bearer.");
  const q = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q.success)
    return problem("invalid_request", "Invalid query.", {
      fields: z.flattenError(q.error).fieldErrors,
    });
  const { rows, total } = await listKeyRequests(db, who.org.id, {
    status: q.data.status,
    page: q.data.page,
    pageSize: q.data.per_page,
  });
  return Response.json({
    data: rows.map((r) => ({
      ...keyRequestJson(r.request),
      developer_email: r.developerEmail,
      catalog_entry_name: r.entryName,
    })),
    total,
    page: q.data.page,
  });
});
