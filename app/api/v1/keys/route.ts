import { getApiKey, pageApiKeys, policyIdsOfKeys } from "@/db/queries/api-keys";
import { notReplayable } from "@/lib/api/idempotency";
import { pageJson } from "@/lib/api/pagination";
import { outcomeProblem, problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import {
  apiOutcome,
  keyCreateBody,
  keyJson,
  keyListQuery,
  keyPage,
  keyWithSecretSchema,
} from "@/lib/api/spec/keys";
import { issueKey } from "@/lib/keys/issue";
import { appUrl } from "@/lib/url";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/keys?developer_id=&status= (R-DEV-KEYS) */
export const GET = apiRoute({
  query: keyListQuery,
  handler: async ({ db, who, query }) => {
    const page = await pageApiKeys(db, who.org.id, {
      developerId: query.developer_id,
      status: query.status,
      after: query.cursor,
      limit: query.limit,
    });
    const policies = await policyIdsOfKeys(
      db,
      who.org.id,
      page.rows.map((r) => r.id),
    );
    const now = new Date();
    return reply(
      keyPage,
      pageJson(page, (r) => keyJson(r.key, policies.get(r.id) ?? [], now)),
    );
  },
});

/** POST /api/v1/keys (R-KEY-NEW): the console's "New key"; the value is in this answer only. */
export const POST = apiRoute({
  body: keyCreateBody,
  handler: async ({ db, who, actor, body }) => {
    const r = await issueKey(
      db,
      who.org.id,
      { developerId: body.developer_id, policyIds: body.policy_ids, alias: body.alias },
      actor,
    );
    if (!r.ok) return outcomeProblem(apiOutcome(r));
    const issued = await getApiKey(db, who.org.id, r.value.keyId);
    if (!issued) return problem("not_found", "Key not found.");
    // The value is never stored, not even for an Idempotency-Key replay.
    return notReplayable(
      reply(
        keyWithSecretSchema,
        { ...keyJson(issued.key, issued.policyIds), key: r.value.key },
        { status: 201, headers: { location: `${appUrl()}/api/v1/keys/${issued.key.id}` } },
      ),
      `Key ${issued.key.id} was issued by the first request with this Idempotency-Key. Its value is shown once and not kept: roll the key (POST /api/v1/keys/${issued.key.id}/roll) for a new value.`,
    );
  },
});
