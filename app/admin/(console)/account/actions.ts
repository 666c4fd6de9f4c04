"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { changeOwnAdminPassword, renameOwnAdmin } from "@/lib/admins/own-account";
import { outcomeToState } from "@/lib/apis/outcome";
import type { AdminContext } from "@/lib/auth/guards";
import { endOwnSessions, type SessionRef } from "@/lib/sessions/sessions";
import { adminNameSchema, adminPasswordChangeSchema } from "@/lib/validation/admin-account";
import { idField } from "@/lib/validation/ids";

/**
 * The console's Account page: every admin (viewers included) manages their own account only;
 * the account is the session's, never one named in the form.
 */
const self = { role: "viewer" } as const;
const PAGE = "/admin/account";

const ref = (ctx: AdminContext): SessionRef => ({
  orgId: ctx.orgId,
  subjectType: "admin",
  subjectId: ctx.admin.id,
  sessionId: ctx.sessionId,
});

export const renameAdminAction = adminAction(
  adminNameSchema,
  async ({ name }, ctx) => {
    const r = await renameOwnAdmin(getDb(), ctx, name);
    revalidatePath("/admin", "layout");
    return outcomeToState(r);
  },
  self,
);

export const changeAdminPasswordAction = adminAction(
  adminPasswordChangeSchema,
  async ({ currentPassword, password }, ctx) => {
    const r = await changeOwnAdminPassword(getDb(), ctx, currentPassword, password);
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  self,
);

export const endAdminSessionAction = adminAction(
  z.object({ sessionId: idField("ses", "This session has already ended.") }),
  async ({ sessionId }, ctx) => {
    const r = await endOwnSessions(getDb(), ref(ctx), { sessionId });
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  self,
);

export const endOtherAdminSessionsAction = adminAction(
  z.object({}),
  async (_input, ctx) => {
    const r = await endOwnSessions(getDb(), ref(ctx), "others");
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  self,
);
