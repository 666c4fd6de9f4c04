import { getDeveloper } from "@/db/queries/developers";
import { outcomeProblem, problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import { developerJson, developerPath, developerSchema } from "@/lib/api/spec/developers";
import { setDeveloperStatus } from "@/lib/developers/admin";

/**
 * POST /api/v1/developers/{id}/deactivate and /reactivate (R-DEV-DEACTIVATE): the console's
 * status switch, answering the developer as it now is.
 */
export function statusRoute(status: "active" | "inactive") {
  return apiRoute({
    params: developerPath,
    notFound: "Developer not found.",
    handler: async ({ db, who, actor, params }) => {
      const r = await setDeveloperStatus(db, who.org.id, params.id, status, actor);
      if (!r.ok) return outcomeProblem(r);
      const dev = await getDeveloper(db, who.org.id, params.id);
      if (!dev) return problem("not_found", "Developer not found.");
      return reply(developerSchema, developerJson(dev));
    },
  });
}
