import { getCatalogEntry } from "@/db/queries/catalog";
import { problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import {
  catalogEntryJson,
  catalogEntryPath,
  catalogEntrySchema,
} from "@/lib/api/spec/configuration";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/catalog-entries/{id} */
export const GET = apiRoute({
  params: catalogEntryPath,
  notFound: "Catalog entry not found.",
  handler: async ({ db, who, params }) => {
    const entry = await getCatalogEntry(db, who.org.id, params.id);
    if (!entry) return problem("not_found", "Catalog entry not found.");
    return reply(catalogEntrySchema, catalogEntryJson(entry));
  },
});
