"use client";
import { FormMessage } from "@/components/forms/form-message";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { renameAdminAction } from "./actions";

/** Account → Profile: the admin's display name (the email is its own section). */
export function NameSection({ name }: { name: string }) {
  const { state, formAction, value, field } = useActionForm(renameAdminAction);
  return (
    <Card>
      <CardHeader title="Profile" />
      <CardBody>
        <form action={formAction} className="space-y-4" noValidate>
          <FormMessage state={state} />
          <TextField
            id="account-name"
            {...field("name")}
            label="Name"
            autoComplete="name"
            required
            maxLength={100}
            defaultValue={state.values ? value("name") : name}
          />
          <SubmitButton pendingText="Saving…">Save name</SubmitButton>
        </form>
      </CardBody>
    </Card>
  );
}
