"use client";
import { EmailRequestForm } from "@/components/forms/email-request-form";
import { requestResetAction } from "./actions";

export function RequestResetForm({ org }: { org: string }) {
  return (
    <EmailRequestForm
      action={requestResetAction}
      hidden={{ org }}
      autoComplete="email"
      submitLabel="Request password reset"
    />
  );
}
