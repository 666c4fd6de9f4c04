import type { Metadata } from "next";
import Link from "next/link";
import { NewPasswordForm } from "@/components/forms/new-password-form";
import { Alert } from "@/components/ui/alert";
import { AuthCard } from "@/components/ui/auth-card";
import { getDb } from "@/db";
import { peekAdminLink } from "@/lib/admins/links";
import { ADMIN_PASSWORD_MIN } from "@/lib/validation/admins";
import { resetAdminPasswordAction } from "../actions";

export const metadata: Metadata = { title: "Choose a new admin password", referrer: "no-referrer" };

export default async function AdminResetPasswordPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  const link = await peekAdminLink(getDb(), "password_reset", token);
  return (
    <AuthCard
      title="Choose a new password"
      subtitle={link ? `For ${link.admin.email}. Two-factor, if on, stays on.` : undefined}
    >
      {link ? (
        <NewPasswordForm
          token={token}
          minLength={ADMIN_PASSWORD_MIN}
          action={resetAdminPasswordAction}
          submitLabel="Change password"
        />
      ) : (
        <Alert tone="error" title="This reset link has expired or was already used">
          <Link className="underline" href="/admin/reset">
            Request a new link
          </Link>
          .
        </Alert>
      )}
    </AuthCard>
  );
}
