"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { developerAction } from "@/lib/actions/safe-action";
import { outcomeToState } from "@/lib/outcome";
import type { DeveloperContext } from "@/lib/auth/guards";
import { endOwnSessions, type SessionRef } from "@/lib/sessions/sessions";
import { idField } from "@/lib/validation/ids";

/** R-SEC-SESSIONS: the developer's own Sessions list (Edit profile). */

const ref = (ctx: DeveloperContext): SessionRef => ({
  orgId: ctx.orgId,
  subjectType: "developer",
  subjectId: ctx.developer.id,
  sessionId: ctx.sessionId,
});
const org = z.string();

export const endDeveloperSessionAction = developerAction(
  z.object({ org, sessionId: idField("ses", "This session has already ended.") }),
  async ({ sessionId }, ctx) => {
    const r = await endOwnSessions(getDb(), ref(ctx), { sessionId });
    revalidatePath(`/${ctx.org.slug}/account`);
    return outcomeToState(r);
  },
);

export const endOtherDeveloperSessionsAction = developerAction(
  z.object({ org }),
  async (_input, ctx) => {
    const r = await endOwnSessions(getDb(), ref(ctx), "others");
    revalidatePath(`/${ctx.org.slug}/account`);
    return outcomeToState(r);
  },
);
