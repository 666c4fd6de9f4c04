"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { adminAction } from "@/lib/actions/safe-action";
import { outcomeToState } from "@/lib/outcome";
import { endDeveloperSessions } from "@/lib/sessions/sessions";
import { idField } from "@/lib/validation/ids";

/** R-SEC-SESSIONS: "End all sessions" on a developer's profile (role admin; audited). */
export const endDeveloperSessionsAction = adminAction(
  z.object({ developerId: idField("dev", "Developer not found.") }),
  async ({ developerId }, ctx) => {
    const r = await endDeveloperSessions(getDb(), ctx.orgId, developerId, {
      adminId: ctx.admin.id,
    });
    revalidatePath(`/admin/developers/${developerId}`);
    return outcomeToState(r);
  },
);
