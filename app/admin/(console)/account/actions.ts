"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import {
  cancelAdminEmailChange,
  requestAdminEmailChange,
  resendAdminEmailChange,
} from "@/lib/admins/email-change";
import { changeOwnAdminPassword, renameOwnAdmin } from "@/lib/admins/own-account";
import { outcomeToState } from "@/lib/outcome";
import type { AdminContext } from "@/lib/auth/guards";
import { endOwnSessions, type SessionRef } from "@/lib/sessions/sessions";
import { emailChangeRefusal, emailChangeResendRefusal } from "@/lib/throttle/email-change-gate";
import {
  adminEmailChangeSchema,
  adminNameSchema,
  adminPasswordChangeSchema,
} from "@/lib/validation/admin-account";
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

/**
 * R-SEC-EMAIL-CHANGE: asking for a new email sends a link to it; the login stays the same until
 * that link is confirmed. R-SEC-THROTTLE: per client address and per new address.
 */
export const changeAdminEmailAction = adminAction(
  adminEmailChangeSchema,
  async (input, ctx) => {
    const refused = await emailChangeRefusal("admin", input.email);
    if (refused) return refused;
    const r = await requestAdminEmailChange(getDb(), ctx, input);
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  self,
);

export const resendAdminEmailChangeAction = adminAction(
  z.object({}),
  async (_input, ctx) => {
    const refused = await emailChangeResendRefusal(ctx.admin.id);
    if (refused) return refused;
    const r = await resendAdminEmailChange(getDb(), ctx);
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  self,
);

export const cancelAdminEmailChangeAction = adminAction(
  z.object({}),
  async (_input, ctx) => {
    const r = await cancelAdminEmailChange(getDb(), ctx);
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  self,
);
