"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { afterDelete } from "@/lib/actions/after-delete";
import { adminAction } from "@/lib/actions/safe-action";
import { createApi, editApi, removeApi } from "@/lib/apis/api-admin";
import { adminActor, outcomeToState } from "@/lib/outcome";
import { createApiSchema, recordIdSchema, updateApiSchema } from "@/lib/validation/apis";

// APIs appear on the policies and catalog screens too: refresh the whole console.
const refresh = () => revalidatePath("/admin", "layout");

export const createApiAction = adminAction(createApiSchema, async (input, ctx) => {
  const outcome = await createApi(getDb(), ctx.orgId, adminActor(ctx.admin.id), input);
  if (outcome.ok) refresh();
  return outcomeToState(outcome, "/admin/apis");
});

export const updateApiAction = adminAction(updateApiSchema, async ({ id, ...input }, ctx) => {
  const outcome = await editApi(getDb(), ctx.orgId, adminActor(ctx.admin.id), id, input);
  if (outcome.ok) refresh();
  return outcomeToState(outcome, "/admin/apis");
});

export const deleteApiAction = adminAction(recordIdSchema("api"), async ({ id }, ctx) => {
  const outcome = await removeApi(getDb(), ctx.orgId, adminActor(ctx.admin.id), id);
  return afterDelete(outcome, "/admin/apis", refresh);
});
