"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { adminActor, outcomeToState } from "@/lib/outcome";
import { savePortalSettings } from "@/lib/settings/portal-settings";
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
