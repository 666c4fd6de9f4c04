import { z } from "zod";
import { idField } from "./ids";
import { multiLineText } from "./text";

/** Why a request was declined: shown to the developer and emailed; blank means no reason. */
export const declineReasonField = multiLineText()
  .trim()
  .max(500, "At most 500 characters.")
  .optional()
  .transform((v) => v || null);

export const keyRequestIdField = idField("kreq", "Key request not found.");

/** Admin console: approve and decline buttons of the Key requests page. */
export const keyRequestRefSchema = z.object({ requestId: keyRequestIdField });
export const declineKeyRequestSchema = keyRequestRefSchema.extend({ reason: declineReasonField });

/** Management API: `POST /api/v1/key-requests/{id}/decline` body (JSON, every field optional). */
export const declineBodySchema = z.strictObject({ reason: declineReasonField });
