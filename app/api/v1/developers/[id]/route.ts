import { getDeveloper } from "@/db/queries/developers";
import { outcomeProblem, problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import {
  consoleErrors,
  consoleForm,
  developerDeletedSchema,
  developerJson,
  developerPath,
  developerSchema,
  developerUpdateBody,
} from "@/lib/api/spec/developers";
import { editDeveloper, removeDeveloper } from "@/lib/developers/admin";
import { editDeveloperSchema } from "@/lib/validation/developers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NOT_FOUND = "Developer not found.";

/** GET /api/v1/developers/{id} */
export const GET = apiRoute({
  params: developerPath,
  notFound: NOT_FOUND,
  handler: async ({ db, who, params }) => {
    const dev = await getDeveloper(db, who.org.id, params.id);
    if (!dev) return problem("not_found", NOT_FOUND);
    return reply(developerSchema, developerJson(dev));
  },
});

/** PATCH /api/v1/developers/{id} (R-DEV-EDIT): the fields sent, over the stored profile. */
export const PATCH = apiRoute({
  params: developerPath,
  notFound: NOT_FOUND,
  body: developerUpdateBody,
  handler: async ({ db, who, actor, params, body }) => {
    const { org } = who;
    const dev = await getDeveloper(db, org.id, params.id);
    if (!dev) return problem("not_found", NOT_FOUND);
    const merged = {
      email: body.email ?? dev.email,
      name: body.name ?? dev.name,
      telephone: body.telephone === undefined ? dev.telephone : body.telephone,
      country: body.country === undefined ? dev.country : body.country,
      custom_fields: { ...dev.customFields, ...body.custom_fields },
    };
    const input = editDeveloperSchema(org.signupFields).safeParse(
      consoleForm(merged, org.signupFields, { developerId: dev.id }),
    );
    if (!input.success)
      return problem("invalid_request", "Invalid body.", { errors: consoleErrors(input.error) });
    const { developerId, ...profile } = input.data;
    const r = await editDeveloper(db, org.id, developerId, profile, actor);
    if (!r.ok) return outcomeProblem(r);
    const after = await getDeveloper(db, org.id, dev.id);
    if (!after) return problem("not_found", NOT_FOUND);
    return reply(developerSchema, developerJson(after));
  },
});

/** DELETE /api/v1/developers/{id} (R-DEV-DEACTIVATE, delete): keys revoked, account deleted. */
export const DELETE = apiRoute({
  params: developerPath,
  notFound: NOT_FOUND,
  handler: async ({ db, who, actor, params }) => {
    const r = await removeDeveloper(db, who.org.id, params.id, actor);
    if (!r.ok) return outcomeProblem(r);
    return reply(developerDeletedSchema, {
      id: params.id,
      deleted: true,
      revoked_key_ids: r.value.revokedKeys,
    });
  },
});
