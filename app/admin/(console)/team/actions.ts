"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import {
  changeAdminRole,
  endAdminSessions,
  inviteAdmin,
  removeAdmin,
  resendInvitation,
  resetAdminTwoFactor,
  setAdminStatus,
  setRequireTwoFactor,
} from "@/lib/admins/team";
import { outcomeToState } from "@/lib/outcome";
import type { AdminContext } from "@/lib/auth/guards";
import { appBaseUrl } from "@/lib/url";
import {
  adminRefSchema,
  adminStatusSchema,
  changeRoleSchema,
  inviteAdminSchema,
  requireTwoFactorSchema,
} from "@/lib/validation/admins";

/**
 * The Team page (R-SEC-ADMINS): owners only — the wrapper checks the session's role, and the
 * domain (lib/admins/team.ts) checks again that the actor is an active owner. Admin ids from the
 * form are looked up within the session's organisation only.
 */
const owners = { role: "owner" } as const;
const PAGE = "/admin/team";
const actor = (ctx: AdminContext) => ({ orgId: ctx.orgId, adminId: ctx.admin.id });

export const inviteAdminAction = adminAction(
  inviteAdminSchema,
  async (input, ctx) => {
    const r = await inviteAdmin(getDb(), ctx.org, actor(ctx), input, await appBaseUrl());
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  owners,
);

export const resendInvitationAction = adminAction(
  adminRefSchema,
  async ({ adminId }, ctx) => {
    const r = await resendInvitation(getDb(), ctx.org, actor(ctx), adminId, await appBaseUrl());
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  owners,
);

export const changeRoleAction = adminAction(
  changeRoleSchema,
  async ({ adminId, role }, ctx) => {
    const r = await changeAdminRole(getDb(), actor(ctx), adminId, role);
    revalidatePath("/admin", "layout");
    return outcomeToState(r);
  },
  owners,
);

export const setStatusAction = adminAction(
  adminStatusSchema,
  async ({ adminId, status }, ctx) => {
    const r = await setAdminStatus(getDb(), actor(ctx), adminId, status);
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  owners,
);

export const endSessionsAction = adminAction(
  adminRefSchema,
  async ({ adminId }, ctx) => {
    const r = await endAdminSessions(getDb(), actor(ctx), adminId);
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  owners,
);

export const resetTwoFactorAction = adminAction(
  adminRefSchema,
  async ({ adminId }, ctx) => {
    const r = await resetAdminTwoFactor(getDb(), actor(ctx), adminId);
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  owners,
);

export const removeAdminAction = adminAction(
  adminRefSchema,
  async ({ adminId }, ctx) => {
    const r = await removeAdmin(getDb(), actor(ctx), adminId);
    // Removing oneself ends one's own access at once.
    if (r.ok && r.value.self) redirect("/admin/login");
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  owners,
);

export const requireTwoFactorAction = adminAction(
  requireTwoFactorSchema,
  async ({ required }, ctx) => {
    const r = await setRequireTwoFactor(getDb(), actor(ctx), required);
    revalidatePath(PAGE);
    return outcomeToState(r);
  },
  owners,
);
