"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { afterDelete } from "@/lib/actions/after-delete";
import { adminAction } from "@/lib/actions/safe-action";
import { adminActor, outcomeToState } from "@/lib/outcome";
import { createPolicy, editPolicy, removePolicy } from "@/lib/policies/policy-admin";
import { recordIdSchema } from "@/lib/validation/apis";
import { createPolicySchema, updatePolicySchema } from "@/lib/validation/policies";

// Policies show on the APIs, catalog, developers and keys screens: refresh the whole console.
const refresh = () => revalidatePath("/admin", "layout");

export const createPolicyAction = adminAction(createPolicySchema, async (input, ctx) => {
  const outcome = await createPolicy(getDb(), ctx.orgId, adminActor(ctx.admin.id), input);
  if (outcome.ok) refresh();
  return outcomeToState(outcome, "/admin/policies");
});

export const updatePolicyAction = adminAction(updatePolicySchema, async ({ id, ...input }, ctx) => {
  const outcome = await editPolicy(getDb(), ctx.orgId, adminActor(ctx.admin.id), id, input);
  if (outcome.ok) refresh();
  return outcomeToState(outcome, "/admin/policies");
});

export const deletePolicyAction = adminAction(recordIdSchema("pol"), async ({ id }, ctx) => {
  const outcome = await removePolicy(getDb(), ctx.orgId, adminActor(ctx.admin.id), id);
  return afterDelete(outcome, "/admin/policies", refresh);
});
