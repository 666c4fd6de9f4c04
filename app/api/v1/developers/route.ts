import { pageDevelopers } from "@/db/queries/api-pages";
import { getDeveloper } from "@/db/queries/developers";
import { pageJson } from "@/lib/api/pagination";
import { outcomeProblem, problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import {
  consoleErrors,
  consoleForm,
  developerCreateBody,
  developerCreatedSchema,
  developerJson,
  developerListQuery,
  developerPage,
} from "@/lib/api/spec/developers";
import { addDeveloper } from "@/lib/developers/admin";
import { appUrl } from "@/lib/url";
import { addDeveloperSchema } from "@/lib/validation/developers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/developers?search=&status= (R-DEV-LIST, R-DEV-SEARCH) */
export const GET = apiRoute({
  query: developerListQuery,
  handler: async ({ db, who, query }) => {
    const page = await pageDevelopers(db, who.org.id, {
      search: query.search,
      status: query.status,
      after: query.cursor,
      limit: query.limit,
    });
    return reply(
      developerPage,
      pageJson(page, (r) => developerJson(r.developer)),
    );
  },
});

/** POST /api/v1/developers (R-DEV-ADD): the console's "Add developer", same rules and effects. */
export const POST = apiRoute({
  body: developerCreateBody,
  handler: async ({ db, who, actor, body }) => {
    const { org } = who;
    const input = addDeveloperSchema(org.minPasswordLength, org.signupFields).safeParse(
      consoleForm(body, org.signupFields, { access: body.access, password: body.password }),
    );
    if (!input.success)
      return problem("invalid_request", "Invalid body.", { errors: consoleErrors(input.error) });
    const r = await addDeveloper(db, org, input.data, actor, appUrl());
    if (!r.ok) return outcomeProblem(r);
    const dev = await getDeveloper(db, org.id, r.value.developerId);
    if (!dev) return problem("not_found", "Developer not found.");
    return reply(
      developerCreatedSchema,
      { ...developerJson(dev), invited: r.value.invited },
      { status: 201, headers: { location: `${appUrl()}/api/v1/developers/${dev.id}` } },
    );
  },
});
