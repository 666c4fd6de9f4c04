"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { adminActor, outcomeToState } from "@/lib/outcome";
import { saveBranding } from "@/lib/settings/branding";
import { savePortalSettings } from "@/lib/settings/portal-settings";
import { brandingSchema } from "@/lib/validation/branding";
import { portalSettingsSchema } from "@/lib/validation/settings";

// Owners and admins; viewers are refused by the wrapper.
export const savePortalSettingsAction = adminAction(
  portalSettingsSchema,
  async (input, ctx) => {
    const outcome = await savePortalSettings(getDb(), ctx.orgId, adminActor(ctx.admin.id), input);
    if (outcome.ok) {
      revalidatePath("/admin", "layout");
      // The signup form and password rules of the portal change with these settings.
      revalidatePath("/[org]", "layout");
    }
    return outcomeToState(outcome);
  },
  { role: "admin" },
);

export const saveBrandingAction = adminAction(
  brandingSchema,
  async (input, ctx) => {
    const outcome = await saveBranding(getDb(), ctx.orgId, adminActor(ctx.admin.id), input);
    if (outcome.ok) revalidatePath("/[org]", "layout");
    return outcomeToState(outcome);
  },
  { role: "admin" },
);
