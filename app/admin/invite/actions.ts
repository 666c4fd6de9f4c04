"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { publicAction } from "@/lib/actions/safe-action";
import { acceptAdminInvitation } from "@/lib/admins/invitation";
import { acceptInvitationSchema } from "@/lib/validation/admins";

/** The invitee accepts by pressing the button (never by merely opening the link). */
export const acceptAdminInvitationAction = publicAction(
  acceptInvitationSchema,
  async ({ token, name, password }) => {
    const r = await acceptAdminInvitation(getDb(), token, { name, password });
    if (!r.ok) return { ok: false, message: r.message };
    redirect("/admin/login?joined=1");
  },
);
