"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { developerAction } from "@/lib/actions/safe-action";
import { revokeOauthClient, rotateClientSecret } from "@/lib/oauth/clients";
import { developerActor, outcomeToState } from "@/lib/outcome";
import { idField } from "@/lib/validation/ids";

const clientInput = z.object({
  org: z.string(),
  oauthClientId: idField("oac", "OAuth client not found."),
});

/** My keys → OAuth clients → New secret (R-OAUTH-CLIENTS): shown once; the old one stops at once. */
export const rotateOwnClientSecretAction = developerAction(
  clientInput,
  async ({ oauthClientId }, ctx) => {
    // developerId: another developer's client (even of this organisation) is "not found".
    const r = await rotateClientSecret(
      getDb(),
      ctx.orgId,
      oauthClientId,
      developerActor(ctx.developer.id),
      ctx.developer.id,
    );
    if (!r.ok) return outcomeToState(r);
    revalidatePath(`/${ctx.org.slug}/keys`);
    return {
      ok: true,
      message: r.message,
      data: { clientId: r.value.clientId, clientSecret: r.value.clientSecret },
    };
  },
);

/** My keys → OAuth clients → Delete: the client and its tokens stop at once. */
export const deleteOwnClientAction = developerAction(
  clientInput,
  async ({ oauthClientId }, ctx) => {
    const r = await revokeOauthClient(
      getDb(),
      ctx.orgId,
      oauthClientId,
      developerActor(ctx.developer.id),
      ctx.developer.id,
    );
    if (r.ok) revalidatePath(`/${ctx.org.slug}/keys`);
    return outcomeToState(r);
  },
);
