"use client";
import { loginDeveloperAction } from "@/app/[org]/actions";
import { FormMessage } from "@/components/forms/form-message";
import { LoginFields } from "@/components/forms/login-fields";
import { useActionForm } from "@/components/forms/use-action-form";

export function DeveloperLoginForm({ org, next }: { org: string; next?: string }) {
  const { state, formAction, field } = useActionForm(loginDeveloperAction);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="next" value={next ?? ""} />
      <LoginFields field={field} />
    </form>
  );
}
