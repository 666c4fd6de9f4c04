"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { approveRequest, declineRequest } from "@/lib/keyrequests/decide";
import { adminActor, outcomeToState } from "@/lib/outcome";
import { appBaseUrl } from "@/lib/url";
import { declineKeyRequestSchema, keyRequestRefSchema } from "@/lib/validation/key-requests";

export const approveKeyRequestAction = adminAction(
  keyRequestRefSchema,
  async ({ requestId }, ctx) => {
    const r = await approveRequest(
      getDb(),
      ctx.org,
      requestId,
      adminActor(ctx.admin.id),
      `${await appBaseUrl()}/${ctx.org.slug}`,
    );
    if (r.ok) revalidatePath("/admin/key-requests", "layout");
    return outcomeToState(r);
  },
);

export const declineKeyRequestAction = adminAction(
  declineKeyRequestSchema,
  async ({ requestId, reason }, ctx) => {
    const r = await declineRequest(
      getDb(),
      ctx.org,
      requestId,
      adminActor(ctx.admin.id),
      reason,
      `${await appBaseUrl()}/${ctx.org.slug}`,
    );
    if (r.ok) revalidatePath("/admin/key-requests", "layout");
    return outcomeToState(r);
  },
);
