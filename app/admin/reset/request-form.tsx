"use client";
import { EmailRequestForm } from "@/components/forms/email-request-form";
import { requestAdminResetAction } from "./actions";

export function AdminResetRequestForm() {
  return (
    <EmailRequestForm
      action={requestAdminResetAction}
      autoComplete="username"
      submitLabel="Send reset link"
    />
  );
}
