"use client";
import Link from "next/link";
import { useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { LoginFields } from "@/components/forms/login-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { loginAdminAction } from "./actions";
import { CodeStep } from "./code-step";

export function AdminLoginForm({ next }: { next?: string }) {
  const { state, formAction, field } = useActionForm(loginAdminAction);
  // The password step answered with a challenge: ask for the code (until "start again").
  const [dropped, setDropped] = useState<string | null>(null);
  const challenge = state.ok ? state.data?.challenge : undefined;
  if (challenge && challenge !== dropped)
    return <CodeStep challenge={challenge} next={next} onRestart={() => setDropped(challenge)} />;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next ?? ""} />
      <LoginFields field={field} />
      <p className="text-center text-sm">
        <Link className="text-brand-700 underline" href="/admin/reset">
          Forgot password?
        </Link>
      </p>
    </form>
  );
}
