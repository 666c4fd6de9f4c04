"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { invalidateGatewayToken } from "@/lib/gateway/invalidate";
import { createApiToken, revokeToken } from "@/lib/gateway/tokens";
import { createApiTokenSchema, revokeApiTokenSchema } from "@/lib/validation/tokens";

export const createTokenAction = adminAction(
  createApiTokenSchema,
  async (input, ctx) => {
    const created = await createApiToken(getDb(), ctx.orgId, ctx.admin.id, input);
    revalidatePath("/admin/tokens");
    return {
      ok: true,
      message: `Token “${created.name}” created.`,
      // Shown once by the form; only its hash is stored.
      data: { token: created.token, kind: created.kind, name: created.name },
    };
  },
  { role: "admin" },
);

export const revokeTokenAction = adminAction(
  revokeApiTokenSchema,
  async ({ tokenId }, ctx) => {
    const revoked = await revokeToken(getDb(), ctx.orgId, ctx.admin.id, tokenId);
    if (!revoked) return { ok: false, message: "That token does not exist or is already revoked." };
    // Gateways on this instance stop accepting it at once; others via Redis or within the cache TTL.
    if (revoked.kind === "gateway") invalidateGatewayToken(revoked.hash);
    revalidatePath("/admin/tokens");
    return { ok: true, message: `Token “${revoked.name}” revoked.` };
  },
  { role: "admin" },
);
