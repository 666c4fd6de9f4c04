"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { afterDelete } from "@/lib/actions/after-delete";
import { adminAction } from "@/lib/actions/safe-action";
import { adminActor, outcomeToState } from "@/lib/outcome";
import {
  createWebhook,
  editWebhook,
  removeWebhook,
  resendDelivery,
  rotateWebhookSecret,
  sendTestEvent,
  setWebhookActive,
} from "@/lib/webhooks/admin";
import {
  createWebhookSchema,
  deliveryIdSchema,
  setActiveSchema,
  updateWebhookSchema,
  webhookIdSchema,
} from "@/lib/webhooks/validation";

// Every action: admin session of this organisation, role "admin" or "owner" (viewers are refused
// by adminAction), zod-validated input, and the organisation from the session, never the form.
const refresh = (id?: string) => {
  revalidatePath("/admin/webhooks");
  if (id) revalidatePath(`/admin/webhooks/${id}`, "layout");
};

export const createWebhookAction = adminAction(createWebhookSchema, async (input, ctx) => {
  const outcome = await createWebhook(getDb(), ctx.orgId, adminActor(ctx.admin.id), input);
  if (!outcome.ok) return outcomeToState(outcome);
  refresh();
  // The secret is shown once by the form; only its encrypted form is stored.
  return {
    ok: true,
    message: outcome.message,
    data: { id: outcome.value.endpoint.id, secret: outcome.value.secret },
  };
});

export const updateWebhookAction = adminAction(
  updateWebhookSchema,
  async ({ id, ...input }, ctx) => {
    const outcome = await editWebhook(getDb(), ctx.orgId, adminActor(ctx.admin.id), id, input);
    if (outcome.ok) refresh(id);
    return outcomeToState(outcome);
  },
);

export const setWebhookActiveAction = adminAction(setActiveSchema, async ({ id, active }, ctx) => {
  const outcome = await setWebhookActive(getDb(), ctx.orgId, adminActor(ctx.admin.id), id, active);
  if (outcome.ok) refresh(id);
  return outcomeToState(outcome);
});

export const deleteWebhookAction = adminAction(webhookIdSchema, async ({ id }, ctx) => {
  const outcome = await removeWebhook(getDb(), ctx.orgId, adminActor(ctx.admin.id), id);
  return afterDelete(outcome, "/admin/webhooks", () => refresh());
});

export const rotateWebhookSecretAction = adminAction(webhookIdSchema, async ({ id }, ctx) => {
  const outcome = await rotateWebhookSecret(getDb(), ctx.orgId, adminActor(ctx.admin.id), id);
  if (!outcome.ok) return outcomeToState(outcome);
  refresh(id);
  return { ok: true, message: outcome.message, data: { secret: outcome.value.secret } };
});

export const sendTestEventAction = adminAction(webhookIdSchema, async ({ id }, ctx) => {
  const outcome = await sendTestEvent(getDb(), ctx.orgId, adminActor(ctx.admin.id), id);
  if (outcome.ok) refresh(id);
  return outcomeToState(outcome);
});

export const resendDeliveryAction = adminAction(deliveryIdSchema, async ({ deliveryId }, ctx) => {
  const outcome = await resendDelivery(getDb(), ctx.orgId, adminActor(ctx.admin.id), deliveryId);
  if (outcome.ok) refresh(outcome.value.webhookId);
  return outcomeToState(outcome);
});
