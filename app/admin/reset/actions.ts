"use server";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { getDb } from "@/db";
import { publicAction } from "@/lib/actions/safe-action";
import { requestAdminPasswordReset, resetAdminPassword } from "@/lib/admins/reset";
import { emailFlowGate } from "@/lib/throttle/email-flows";
import { waitText } from "@/lib/throttle/limiter";
import { requestClientAddress } from "@/lib/throttle/request";
import { adminResetRequestSchema, adminResetSchema } from "@/lib/validation/admins";

/** "Forgot password?" of the admin login (R-SEC-ADMINS): the same answer for every address. */
export const requestAdminResetAction = publicAction(adminResetRequestSchema, async ({ email }) => {
  // R-SEC-THROTTLE: per client address ("try again in …") and per email (beyond: no email, same answer).
  const gate = await emailFlowGate("reset", {
    scope: "admin",
    email,
    address: await requestClientAddress(),
  });
  if (gate.kind === "refused")
    return {
      ok: false,
      message: `Too many reset requests from your network. Try again in ${waitText(gate.retryAfterMs)}.`,
      values: { email },
    };
  // After the response: neither the answer nor its timing tells whether the email is an admin's.
  if (gate.kind === "send")
    after(() => requestAdminPasswordReset(getDb(), email).then(() => undefined));
  return {
    ok: true,
    message:
      "If an admin account exists for this email, we have sent a link to reset its password. It works once, for one hour.",
    values: { email },
  };
});

export const resetAdminPasswordAction = publicAction(
  adminResetSchema,
  async ({ token, password }) => {
    const r = await resetAdminPassword(getDb(), token, password);
    if (!r.ok) return { ok: false, message: r.message };
    redirect("/admin/login?passwordSet=1");
  },
);
