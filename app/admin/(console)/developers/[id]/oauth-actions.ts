"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { revokeOauthClient } from "@/lib/oauth/clients";
import { adminActor, outcomeToState } from "@/lib/outcome";
import { idField } from "@/lib/validation/ids";

/**
 * Developer profile → OAuth clients → Revoke (R-DEV-OAUTH-CLIENTS): admins and owners, not
 * viewers (the wrapper checks the role). The client is looked up in the session's organisation
 * only: another organisation's client id is "not found".
 */
export const revokeOauthClientAction = adminAction(
  z.object({ oauthClientId: idField("oac", "OAuth client not found.") }),
  async ({ oauthClientId }, ctx) => {
    const r = await revokeOauthClient(getDb(), ctx.orgId, oauthClientId, adminActor(ctx.admin.id));
    if (r.ok) revalidatePath(`/admin/developers/${r.value.developerId}`);
    return outcomeToState(r);
  },
);
