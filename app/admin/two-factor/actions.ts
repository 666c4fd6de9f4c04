"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import type { ActionState } from "@/lib/actions/state";
import {
  cancelTwoFactorSetup,
  confirmTwoFactor,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactor,
} from "@/lib/admins/two-factor";
import { type Outcome, outcomeToState } from "@/lib/outcome";
import type { AdminContext } from "@/lib/auth/guards";
import {
  confirmTwoFactorSchema,
  disableTwoFactorSchema,
  newRecoveryCodesSchema,
} from "@/lib/validation/admins";

/**
 * Two-factor of one's own account (R-SEC-ADMINS), from the Account page and from the set-up page
 * an organisation's requirement sends an admin to. Every role; always the session's own account;
 * allowed before the required set-up is done (it is the set-up).
 */
const own = { role: "viewer", beforeTwoFactor: true } as const;
const self = (ctx: AdminContext) => ({ orgId: ctx.orgId, adminId: ctx.admin.id });

function refresh() {
  revalidatePath("/admin/account");
  revalidatePath("/admin/two-factor");
}

/** Recovery codes travel once, in the action's answer, as lines. */
function withCodes(r: Outcome<{ recoveryCodes: string[] }>): ActionState {
  const state = outcomeToState(r);
  return r.ok ? { ...state, data: { recoveryCodes: r.value.recoveryCodes.join("\n") } } : state;
}

export const startTwoFactorAction = adminAction(
  z.object({}),
  async (_input, ctx) => {
    const r = await startTwoFactor(getDb(), self(ctx));
    refresh();
    return outcomeToState(r);
  },
  own,
);

export const confirmTwoFactorAction = adminAction(
  confirmTwoFactorSchema,
  async ({ code }, ctx) => {
    const r = await confirmTwoFactor(getDb(), self(ctx), code);
    refresh();
    return withCodes(r);
  },
  own,
);

export const cancelTwoFactorAction = adminAction(
  z.object({}),
  async (_input, ctx) => {
    const r = await cancelTwoFactorSetup(getDb(), self(ctx));
    refresh();
    return outcomeToState(r);
  },
  own,
);

export const disableTwoFactorAction = adminAction(
  disableTwoFactorSchema,
  async ({ password, code }, ctx) => {
    const proof = password ? { password } : { code };
    const r = await disableTwoFactor(getDb(), self(ctx), proof);
    refresh();
    return outcomeToState(r);
  },
  own,
);

export const newRecoveryCodesAction = adminAction(
  newRecoveryCodesSchema,
  async ({ code }, ctx) => {
    const r = await regenerateRecoveryCodes(getDb(), self(ctx), code);
    refresh();
    return withCodes(r);
  },
  own,
);
