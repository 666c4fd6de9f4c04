import { getApiKey } from "@/db/queries/api-keys";
import { notReplayable } from "@/lib/api/idempotency";
import { outcomeProblem, problem } from "@/lib/api/problem";
import { apiRoute, reply } from "@/lib/api/route";
import {
  apiOutcome,
  keyJson,
  keyPath,
  keyRollBody,
  keyWithSecretSchema,
} from "@/lib/api/spec/keys";
import { rollKey } from "@/lib/keys/rotate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/v1/keys/{id}/roll (R-KEY-ROTATE): the console's "Roll key". The new value is in this
 * answer only; the old one works until previous_key.valid_until.
 */
export const POST = apiRoute({
  params: keyPath,
  notFound: "Key not found.",
  body: keyRollBody,
  handler: async ({ db, who, actor, params, body }) => {
    const r = await rollKey(db, who.org.id, params.id, { graceSeconds: body.grace_seconds }, actor);
    if (!r.ok) return outcomeProblem(apiOutcome(r));
    const rolled = await getApiKey(db, who.org.id, params.id);
    if (!rolled) return problem("not_found", "Key not found.");
    // The value is never stored, not even for an Idempotency-Key replay.
    return notReplayable(
      reply(keyWithSecretSchema, { ...keyJson(rolled.key, rolled.policyIds), key: r.value.key }),
      `Key ${params.id} was rolled by the first request with this Idempotency-Key. The new value is shown once and not kept: roll again for another value.`,
    );
  },
});
