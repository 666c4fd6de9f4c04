import { z } from "zod";
import { idField } from "@/lib/validation/ids";
import { singleLineText } from "@/lib/validation/text";
import { WEBHOOK_EVENTS } from "./events";

export const MAX_URL_LENGTH = 2000;

export const webhookUrlField = singleLineText()
  .trim()
  .min(1, "Enter the URL Gatehouse should POST events to.")
  .max(MAX_URL_LENGTH, `At most ${MAX_URL_LENGTH} characters.`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({
        code: "custom",
        message: "Enter a full URL, like https://example.com/webhooks/gatehouse.",
      });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      ctx.addIssue({ code: "custom", message: "The URL must start with https:// or http://." });
    // The URL is shown in the console and kept in plain text; deliveries are authenticated by the signature.
    else if (url.username || url.password)
      ctx.addIssue({
        code: "custom",
        message: "Leave credentials out of the URL: verify the Gatehouse-Signature header instead.",
      });
  });

/** Checkboxes post one value per ticked box: nothing, a string, or an array. */
export const webhookEventsField = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.enum(WEBHOOK_EVENTS, { message: "Unknown event." }))
    .min(1, "Choose at least one event.")
    .transform((events) => WEBHOOK_EVENTS.filter((e) => events.includes(e))),
);

export const createWebhookSchema = z.object({ url: webhookUrlField, events: webhookEventsField });
export const updateWebhookSchema = createWebhookSchema.extend({ id: idField("whk") });
export const webhookIdSchema = z.object({ id: idField("whk") });
export const setActiveSchema = z.object({
  id: idField("whk"),
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export const deliveryIdSchema = z.object({ deliveryId: idField("whd") });
