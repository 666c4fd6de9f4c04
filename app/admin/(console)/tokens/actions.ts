"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { invalidateGatewayToken } from "@/lib/gateway/invalidate";
import { createApiToken, revokeToken } from "@/lib/gateway/tokens";

const createSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the token a name, e.g. “NGINX eu-west”.")
    .max(80, "At most 80 characters."),
  kind: z.enum(["gateway", "management"], { message: "Choose what the token is for." }),
});

export const createTokenAction = adminAction(
  createSchema,
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
  z.object({ tokenId: z.string().min(1) }),
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
