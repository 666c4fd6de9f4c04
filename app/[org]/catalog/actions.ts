"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { getCatalogEntry } from "@/db/queries/catalog";
import { developerAction } from "@/lib/actions/safe-action";
import type { ActionState } from "@/lib/actions/state";
import { requestKey } from "@/lib/keyrequests/request";
import { oauthEndpoints } from "@/lib/oauth/issuer";
import { outcomeToState } from "@/lib/outcome";
import { getThrottle, waitText } from "@/lib/throttle/limiter";
import { idField } from "@/lib/validation/ids";

/** "Request access" on a catalog entry (R-CATALOG, R-KEYREQ-RECORD). */
export const requestAccessAction = developerAction(
  z
    .object({ org: z.string(), entryId: idField("cat", "This catalog entry is not available.") })
    .loose(),
  async (input, ctx): Promise<ActionState> => {
    const db = getDb();
    const entry = await getCatalogEntry(db, ctx.orgId, input.entryId);
    // Unlisted entries take requests too: their link is how a developer reaches them.
    if (!entry) return { ok: false, message: "This catalog entry is not available." };
    // R-SEC-THROTTLE: key requests per developer.
    const gate = await getThrottle().take("keyRequest", ctx.developer.id);
    if (!gate.allowed)
      return {
        ok: false,
        message: `You have asked for access many times in the last hour. Try again in ${waitText(gate.retryAfterMs)}.`,
      };
    const outcome = await requestKey(db, ctx.org, ctx.developer, entry, input);
    if (!outcome.ok) return outcomeToState(outcome);
    const result = outcome.value;
    if (result.kind === "redirect") redirect(result.url);
    revalidatePath(`/${ctx.org.slug}/dashboard`);
    revalidatePath(`/${ctx.org.slug}/keys`);
    if (result.kind === "pending")
      return { ok: true, message: outcome.message, data: { status: "pending" } };
    if (result.kind === "client_issued")
      return {
        ok: true,
        message: outcome.message,
        data: {
          status: "client_issued",
          clientId: result.clientId,
          clientSecret: result.clientSecret,
          tokenEndpoint: oauthEndpoints(ctx.org.slug).token_endpoint,
        },
      };
    return {
      ok: true,
      message: outcome.message,
      data: { status: "issued", key: result.key, keyId: result.keyId },
    };
  },
);
