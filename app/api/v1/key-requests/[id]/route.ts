import { getKeyRequestView } from "@/db/queries/api-pages";
import { problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import { keyRequestJson, keyRequestPath, keyRequestSchema } from "@/lib/api/spec/key-requests";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NOT_FOUND = "Key request not found.";

/** GET /api/v1/key-requests/{id} */
export const GET = apiRoute({
  params: keyRequestPath,
  notFound: NOT_FOUND,
  handler: async ({ db, who, params }) => {
    const row = await getKeyRequestView(db, who.org.id, params.id);
    if (!row) return problem("not_found", NOT_FOUND);
    return reply(keyRequestSchema, keyRequestJson(row.request, row));
  },
});
