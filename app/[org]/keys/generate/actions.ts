"use server";
import { z } from "zod";
import { getDb } from "@/db";
import { developerAction } from "@/lib/actions/safe-action";
import { generateKeyFromLink } from "@/lib/keyrequests/decide";
import { outcomeToState } from "@/lib/outcome";
import { linkTokenField } from "@/lib/validation/ids";

/** R-KEY-SECURE-APPROVAL: the logged-in developer generates the key of an approved request, once. */
export const generateKeyAction = developerAction(
  z.object({ org: z.string(), token: linkTokenField }),
  async ({ token }, ctx) => {
    const r = await generateKeyFromLink(getDb(), ctx.orgId, ctx.developer.id, token);
    if (!r.ok) return outcomeToState(r);
    // No revalidatePath: re-rendering this page would re-check the (now spent) link and replace the
    // key shown once with an error. My keys is rendered per request anyway.
    return { ok: true, message: r.message, data: { key: r.value.key } };
  },
);
