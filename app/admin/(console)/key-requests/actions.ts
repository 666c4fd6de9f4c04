"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { approveRequest, declineRequest } from "@/lib/keyrequests/decide";
import { appBaseUrl } from "@/lib/url";
import { declineKeyRequestSchema, keyRequestRefSchema } from "@/lib/validation/key-requests";

export const approveKeyRequestAction = adminAction(
  keyRequestRefSchema,
  async ({ requestId }, ctx) => {
    const r = await approveRequest(
      getDb(),
      ctx.org,
      requestId,
      { actorType: "admin", actorId: ctx.admin.id },
      `${await appBaseUrl()}/${ctx.org.slug}`,
    );
    if (!r.ok) return { ok: false, message: r.error };
    revalidatePath("/admin/key-requests", "layout");
    return {
      ok: true,
      message:
        r.delivery === "email"
          ? "Approved: the key was emailed to the developer."
          : "Approved: the developer was emailed a “Generate key” link.",
    };
  },
);

export const declineKeyRequestAction = adminAction(
  declineKeyRequestSchema,
  async ({ requestId, reason }, ctx) => {
    const r = await declineRequest(
      getDb(),
      ctx.org,
      requestId,
      { actorType: "admin", actorId: ctx.admin.id },
      reason,
      `${await appBaseUrl()}/${ctx.org.slug}`,
    );
    if (!r.ok) return { ok: false, message: r.error };
    revalidatePath("/admin/key-requests", "layout");
    return { ok: true, message: "Declined. The developer was told by email." };
  },
);
