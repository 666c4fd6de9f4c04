"use client";
import { FormMessage } from "@/components/forms/form-message";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { changeAdminPasswordAction } from "./actions";

/** Account → Password: the current one is required; other sessions are logged out. */
export function PasswordSection({ minLength }: { minLength: number }) {
  const { state, formAction, field } = useActionForm(changeAdminPasswordAction);
  return (
    <Card>
      <CardHeader title="Password" description="Changing it logs out your other sessions." />
      <CardBody>
        <form action={formAction} className="space-y-4" noValidate>
          <FormMessage state={state} />
          <NewPasswordFields idPrefix="account" minLength={minLength} field={field} withCurrent />
          <SubmitButton pendingText="Saving…">Change password</SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}
